"""views/kept.py: the process's small stores keep the latest values and change one in a single step."""
import threading

from views.kept import Kept


def test_the_oldest_value_goes_first_once_the_store_is_full():
    store = Kept(2)
    store.put("a", 1)
    store.put("b", 2)
    store.put("a", 3)  # put again: now the latest
    store.put("c", 4)
    assert (store.get("a"), store.get("b"), store.get("c")) == (3, None, 4)


def test_replace_takes_the_value_out_and_puts_back_what_it_makes_unless_none():
    store = Kept(4)
    store.put("k", 1)
    store.replace("k", lambda earlier: earlier + 10)
    assert store.get("k") == 11
    store.replace("k", lambda earlier: None)
    assert store.get("k") is None
    store.replace("new", lambda earlier: "made" if earlier is None else "not new")
    assert store.pop("new") == "made" and store.pop("new") is None


def test_replace_is_one_step_for_threads_counting_together():
    store = Kept(4)
    store.put("n", 0)

    def count():
        for _ in range(2000):
            store.replace("n", lambda n: n + 1)

    threads = [threading.Thread(target=count) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert store.get("n") == 8000
