"""The per-word-form cache of the NER inference path (ner_fast.FormCache, FastNER(cache=N))."""

from __future__ import annotations

import pytest

from pipeline.analysis import ner_fast, stanza_ner

# Invented sentences: repeated forms, the same word in different cases (the word vector is
# looked up lowercased, the character LSTM sees the case), unknown words, punctuation.
SENTENCES = [
    ["Ketua", "KPU", "Kabupaten", "Sukamaju", ",", "Budi", "Hartono", ",", "meninjau", "TPS", "07", "."],
    ["Kapolsek", "Sukamaju", "AKP", "Budi", "Hartono", "bersama", "Bawaslu", "mengamankan", "TPS", "."],
    ["budi", "BUDI", "Budi", "xqzvlorp", "Xqzvlorp", "!"],
    ["Panwascam", "Tanjung", "Mekar", "menggelar", "rapat", "di", "Aula", "Kecamatan", "Tanjung", "Mekar", "."],
    ["Pemungutan", "suara", "ulang", "digelar", "di", "TPS", "12", "Desa", "Sukamaju", "."],
    ["Ia", "hadir", "."],
]


class _Counter:
    """A compute function for FormCache: row k of a form is (len(form), code of its first letter)."""

    def __init__(self):
        self.calls: list[list[str]] = []

    def __call__(self, forms):
        import torch

        self.calls.append(list(forms))
        return torch.tensor([[float(len(f)), float(ord(f[0]))] for f in forms])


def _values(cache, forms, compute):
    rows = cache.rows(forms, compute)
    return None if rows is None else cache.table.index_select(0, rows).tolist()


def test_form_cache_computes_each_form_once_and_keeps_at_most_capacity():
    compute = _Counter()
    cache = ner_fast.FormCache(dim=2, capacity=3)
    assert _values(cache, ["ab", "c"], compute) == [[2, 97], [1, 99]]
    assert _values(cache, ["c", "ab", "def"], compute) == [[1, 99], [2, 97], [3, 100]]
    assert compute.calls == [["ab", "c"], ["def"]]  # hits are not recomputed
    assert (cache.hits, cache.misses, len(cache)) == (2, 3, 3)
    # Full: a new form evicts the least recently used one (after the second batch the order
    # is c, ab, def; "ab" is then used again), never one of the batch's own forms.
    assert _values(cache, ["ab", "gh"], compute) == [[2, 97], [2, 103]]
    assert len(cache) == 3 and list(cache.slots) == ["def", "ab", "gh"]
    assert _values(cache, ["c"], compute) == [[1, 99]]
    assert compute.calls[-1] == ["c"] and list(cache.slots) == ["ab", "gh", "c"]
    # A batch with more distinct forms than the cache holds is left to the caller.
    assert cache.rows(["w", "x", "y", "z"], compute) is None
    cache.clear()
    assert len(cache) == 0 and cache.hits == cache.misses == 0


def test_form_cache_table_grows_up_to_capacity_only():
    compute = _Counter()
    cache = ner_fast.FormCache(dim=2, capacity=5000)
    forms = [f"w{i}" for i in range(4500)]
    assert len(cache.table) == 4096
    assert _values(cache, forms, compute)[4499] == [5.0, float(ord("w"))]
    assert len(cache.table) == 5000 and len(cache) == 4500
    cache.rows([f"v{i}" for i in range(1000)], compute)
    assert len(cache.table) == 5000 and len(cache) == 5000
    with pytest.raises(ValueError):
        ner_fast.FormCache(dim=2, capacity=0)


model = pytest.mark.model


@pytest.fixture(scope="module")
def shipped():
    if not stanza_ner.model_available():
        pytest.skip("the NER model files are not in pipeline/models/ner")
    return stanza_ner.MODEL_DIR


def _fast(shipped, **options):
    return ner_fast.FastNER(stanza_ner.load_pipeline(shipped), **options)


@model
@pytest.mark.parametrize("capacity", [ner_fast.CACHE_FORMS, 40, 12])
def test_cached_inputs_equal_the_uncached_models_on_a_batch(shipped, capacity):
    """The word LSTM's input, and the emissions, with the cache and token by token."""
    import torch

    plain, cached = _fast(shipped), _fast(shipped, cache=capacity)
    words = sorted(SENTENCES, key=len, reverse=True)
    with torch.inference_mode():
        want, want_sizes = plain._token_inputs(words)
        for _ in range(2):  # cold, then from the cache (capacity 12: evictions, too-big batch)
            got, sizes = cached._cached_inputs(words)
            assert torch.equal(sizes, want_sizes)
            assert torch.allclose(got, want, rtol=0, atol=1e-5)
        one = cached._cached_inputs([["Budi", "Hartono", "meninjau", "TPS", "."]])[0]
        assert torch.allclose(one, plain._token_inputs([["Budi", "Hartono", "meninjau", "TPS", "."]])[0],
                              rtol=0, atol=1e-5)
        assert torch.allclose(cached.emissions(words), plain.emissions(words), rtol=0, atol=1e-4)
    assert len(cached.cache) <= capacity
    if capacity == ner_fast.CACHE_FORMS:
        assert cached.cache.hits > cached.cache.misses > 0


@model
def test_cached_int8_keeps_the_per_form_layers_float(shipped):
    import torch

    tagger = _fast(shipped, quantize=True, cache=100)
    assert type(tagger.model.charmodel.charlstm.lstm) is torch.nn.LSTM
    assert type(tagger.model.input_transform) is torch.nn.Linear
    assert type(tagger.model.taggerlstm.lstm) is not torch.nn.LSTM  # the dynamic int8 LSTM
    spans = stanza_ner.tag_token_lists(tagger, SENTENCES)
    assert ("PER", 5, 7) in spans[0] and len(tagger.cache) <= 100


@model
def test_default_engine_is_cached_int8_and_named_so(shipped, monkeypatch):
    from pipeline import ner

    monkeypatch.delenv(ner.ENGINE_VAR, raising=False)
    assert ner.stanza_engine() == {"quantize": True, "cache": ner_fast.CACHE_FORMS}
    tagger = stanza_ner.StanzaTagger(shipped, **ner.stanza_engine())
    assert tagger.fast.cache is not None and tagger.fast.cache.capacity == ner_fast.CACHE_FORMS
    assert tagger.name.endswith("+cached-int8")
    assert tagger.name == ner.describe("stanza")
    monkeypatch.setenv(ner.ENGINE_VAR, "fast-int8")
    assert ner.describe("stanza").endswith("+int8") and not ner.describe("stanza").endswith("cached-int8")
    monkeypatch.setenv(ner.ENGINE_VAR, "cached")  # float cache: Stanza's own entities, no suffix
    assert ner.describe("stanza") == stanza_ner.tagger_name(
        stanza_ner.check_model(shipped)["files"][stanza_ner.MODEL_FILE]["sha256"])
