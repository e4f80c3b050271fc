# Putokaz: one process, one data folder, a token. Polling by default; a webhook when
# PUTOKAZ_WEBHOOK_URL is set (then publish PUTOKAZ_LISTEN's port behind your TLS proxy).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PUTOKAZ_DATA_DIR=/data \
    PUTOKAZ_LISTEN=0.0.0.0:8080

WORKDIR /app
COPY pyproject.toml README.md babel.cfg ./
COPY bot ./bot
COPY content ./content
COPY locales ./locales
RUN pip install -e . \
    && useradd --system --uid 10001 --home-dir /data putokaz \
    && mkdir -p /data && chown putokaz /data \
    && putokaz check

USER putokaz
VOLUME ["/data"]
EXPOSE 8080
STOPSIGNAL SIGTERM
CMD ["putokaz", "run"]
