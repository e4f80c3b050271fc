import pytest

from bot.config import DEFAULT_API_BASE_URL, ConfigError, load_settings

TOKEN = "123456:ABCdef_ghi-jkl"


def settings(tmp_path, **env):
    env.setdefault("PUTOKAZ_DATA_DIR", str(tmp_path / "data"))
    return load_settings(env, dotenv_path=None)


def test_defaults(tmp_path):
    s = settings(tmp_path)
    assert s.token is None
    assert s.api_base_url == DEFAULT_API_BASE_URL
    assert s.coordinators == frozenset()
    assert not s.webhook_mode
    assert (tmp_path / "data").is_dir()


def test_all_variables(tmp_path):
    s = settings(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TOKEN,
        TELEGRAM_API_BASE_URL="http://127.0.0.1:8081/bot",
        PUTOKAZ_COORDINATORS="12, 34",
        PUTOKAZ_WEBHOOK_URL="https://bot.example.org/telegram",
        PUTOKAZ_WEBHOOK_SECRET="s3cret_-",
        PUTOKAZ_LISTEN="127.0.0.1:9000",
    )
    assert s.token == TOKEN and s.coordinators == {12, 34} and s.webhook_mode
    assert (s.listen_host, s.listen_port) == ("127.0.0.1", 9000)


@pytest.mark.parametrize(
    "env, variable",
    [
        ({"TELEGRAM_BOT_TOKEN": "not a token"}, "TELEGRAM_BOT_TOKEN"),
        ({"TELEGRAM_API_BASE_URL": "http://example.org/bot"}, "TELEGRAM_API_BASE_URL"),
        ({"TELEGRAM_API_BASE_URL": "ftp://x/bot"}, "TELEGRAM_API_BASE_URL"),
        ({"PUTOKAZ_CONTENT_DIR": "/no/such/folder"}, "PUTOKAZ_CONTENT_DIR"),
        ({"PUTOKAZ_COORDINATORS": "12,@admin"}, "PUTOKAZ_COORDINATORS"),
        ({"PUTOKAZ_WEBHOOK_URL": "https://x.org/hook"}, "PUTOKAZ_WEBHOOK_SECRET"),
        ({"PUTOKAZ_WEBHOOK_URL": "http://x.org/hook", "PUTOKAZ_WEBHOOK_SECRET": "a"}, "PUTOKAZ_WEBHOOK_URL"),
        ({"PUTOKAZ_WEBHOOK_URL": "https://x.org/h", "PUTOKAZ_WEBHOOK_SECRET": "has space"}, "PUTOKAZ_WEBHOOK_SECRET"),
        ({"PUTOKAZ_LISTEN": "8080"}, "PUTOKAZ_LISTEN"),
        ({"PUTOKAZ_LISTEN": "0.0.0.0:99999"}, "PUTOKAZ_LISTEN"),
    ],
)
def test_one_line_error_names_the_variable(tmp_path, env, variable):
    with pytest.raises(ConfigError) as info:
        settings(tmp_path, **env)
    message = str(info.value)
    assert message.startswith(variable + ":") and "\n" not in message


def test_dotenv_is_read_and_environment_wins(tmp_path):
    dotenv = tmp_path / ".env"
    dotenv.write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nPUTOKAZ_COORDINATORS=1\n")
    s = load_settings({"PUTOKAZ_COORDINATORS": "2", "PUTOKAZ_DATA_DIR": str(tmp_path / "d")}, dotenv_path=dotenv)
    assert s.token == TOKEN and s.coordinators == {2}
