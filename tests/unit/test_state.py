from bot.state import LanguageMemory


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now


def test_pick_is_forgotten_after_idle_time():
    clock = Clock()
    memory = LanguageMemory(idle_seconds=10, clock=clock)
    memory.set(1, "ar")
    clock.now = 9
    assert memory.get(1) == "ar"  # use refreshes the timer
    clock.now = 18
    assert memory.get(1) == "ar"
    clock.now = 29
    assert memory.get(1) is None
    assert len(memory) == 0


def test_memory_is_bounded():
    memory = LanguageMemory(max_users=3)
    for user in range(10):
        memory.set(user, "fa")
    assert len(memory) == 3
    assert memory.get(0) is None and memory.get(9) == "fa"


def test_idle_entries_are_dropped_when_others_arrive():
    clock = Clock()
    memory = LanguageMemory(idle_seconds=10, clock=clock)
    memory.set(1, "ps")
    clock.now = 11
    memory.set(2, "ur")
    assert len(memory) == 1
