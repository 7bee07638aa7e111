"""Inference for pantau's Stanza NER model without Stanza's pipeline around it.

The network and its weights are Stanza's, loaded by ``stanza_ner.load_pipeline``; only the
work around them changes (docs/ner.md, "Speed", has the measurements):

- sentences are sorted by length and batched by a token budget, not by arrival order, so
  a batch pads little and holds many sentences;
- ``torch.inference_mode`` instead of ``no_grad``; no Stanza ``Document`` is built and no
  CRF loss is computed (Stanza's forward computes the training loss on every call): only
  the emission scores, then Viterbi with the CRF's transition matrix, as Stanza does;
- optionally (``quantize=True``) the LSTMs and linear layers run as dynamic int8
  (``torch.ao.quantization.quantize_dynamic``);
- optionally (``cache=N``) everything below the word LSTM (word vectors, character LSTM,
  input layer) is computed once per distinct word form and kept in a bounded LRU cache of
  N forms (``FormCache``); it stays float, and then only the word LSTM and tag layer are int8.

``tag_tokens`` gives, for each sentence, the entity spans Stanza's own pipeline would give
(label, first token, end token), before pantau's corrections.
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Sequence

# A batch holds sentences until their tokens reach this budget (sorted by length, so the
# padding is small). 64 sentences of ~25 tokens was the old batch.
MAX_BATCH_TOKENS = 4000
MAX_BATCH_SENTENCES = 512

# Word forms kept per process by the cache (FastNER ``cache``): 300 floats each, so at most
# 39 MB. The 41 real snapshot articles hold 2,650 distinct forms, eval-ner's test splits 9,267.
CACHE_FORMS = 32768

# How the network runs, as ``StanzaTagger`` options (``PANTAU_NER_ENGINE``, ``eval-ner
# --engine``); docs/ner.md, "Speed", has the measurements.
#   cached-int8 (default): per-form cache (float), word LSTM and tag layer dynamic int8;
#   cached: per-form cache, all float (the same entities as Stanza's pipeline);
#   fast-int8: no cache, every LSTM and linear layer int8 (the default before the cache);
#   fast: no cache, float; stanza: Stanza's own pipeline (the old path).
ENGINES = {
    "cached-int8": {"quantize": True, "cache": CACHE_FORMS},
    "cached": {"cache": CACHE_FORMS},
    "fast-int8": {"quantize": True},
    "fast": {},
    "stanza": {"fast": False},
}
DEFAULT_ENGINE = "cached-int8"


def can_hold_name(tokens: Sequence[str], cased_text: bool = True) -> bool:
    """False when no token of a sentence could start a name: no capital letter anywhere.

    In text with no capital letters at all (``cased_text=False``: lowercased or
    all-lowercase sources) every sentence is tagged, since the model also learnt lowercase
    names (NERP). ALL-CAPS text has capitals everywhere and is always tagged.
    """
    if not cased_text:
        return True
    return any(c.isupper() for t in tokens for c in t)


class FormCache:
    """A bounded LRU table of per-word-form rows (``capacity`` forms; the least recently used
    goes first).

    The rows live in one tensor that grows by doubling up to ``capacity`` rows, so a batch
    gathers them with one ``index_select``; a process holds at most ``capacity * dim``
    floats (32,768 forms x 300 floats = 39 MB).
    """

    def __init__(self, dim: int, capacity: int):
        if capacity < 1:
            raise ValueError("a FormCache holds at least one form")
        self.capacity = capacity
        self.dim = dim
        self.clear()

    def clear(self) -> None:
        """Empty the cache (the benchmark's cold runs)."""
        import torch

        with torch.inference_mode():
            self.table = torch.zeros(min(self.capacity, 4096), self.dim)
        self.slots: OrderedDict[str, int] = OrderedDict()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self.slots)

    def rows(self, forms: Sequence[str], compute):
        """Row of ``self.table`` holding each of ``forms`` (distinct), computing the missing
        ones with ``compute(missing forms) -> tensor (len x dim)``; None when the batch has
        more distinct forms than the cache holds (the caller computes them directly)."""
        import torch

        if len(forms) > self.capacity:
            return None
        slots = self.slots
        out = [-1] * len(forms)
        missing: list[int] = []
        for k, form in enumerate(forms):
            row = slots.get(form)
            if row is None:
                missing.append(k)
            else:
                slots.move_to_end(form)  # this batch's forms are now the most recent
                out[k] = row
        self.hits += len(forms) - len(missing)
        self.misses += len(missing)
        if missing:
            # Inference mode whatever the caller's: the table is written in place and is
            # never part of a graph.
            with torch.inference_mode():
                values = compute([forms[k] for k in missing])
                new_rows = []
                for k in missing:
                    if len(slots) < self.capacity:
                        row = len(slots)
                        if row >= len(self.table):
                            grown = torch.zeros(min(self.capacity, 2 * len(self.table)), self.dim)
                            grown[:len(self.table)] = self.table
                            self.table = grown
                    else:  # evict the least recently used: never one of this batch's forms,
                        _, row = slots.popitem(last=False)  # which were all moved to the end
                    slots[forms[k]] = row
                    out[k] = row
                    new_rows.append(row)
                self.table[torch.tensor(new_rows)] = values
        return torch.tensor(out)


class FastNER:
    """Stanza's NER network run directly: sorted token-budget batches, no loss, no Document.

    ``cache`` (a number of word forms, 0 for none): everything below the word LSTM depends
    on a token's own form only (its word vector, its delta vector, the character LSTM run
    over its letters, the input layer), so it is computed once per distinct form of a batch
    and kept in a bounded LRU ``FormCache`` across batches. That part then stays float even
    with ``quantize`` (dynamic int8 scales each input tensor as a whole, so a cached row
    would depend on which other forms shared its batch); only the word LSTM and the tag
    layer run as int8.
    """

    def __init__(self, pipeline, quantize: bool = False, max_tokens: int = MAX_BATCH_TOKENS,
                 cache: int = 0):
        import torch

        trainer = pipeline.processors["ner"].trainers[0]
        model = trainer.model
        model.eval()
        if quantize:
            import warnings

            # torch 2.13 (pinned) warns that torch.ao.quantization and quantised tensors are
            # deprecated; they work there. A torch without them fails here, loudly.
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", DeprecationWarning)
                warnings.simplefilter("ignore", UserWarning)
                from torch.ao.quantization import quantize_dynamic

                quantized = quantize_dynamic(model, {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8)
            if cache:  # the per-form layers stay float (quantize_dynamic copied the model)
                for name in ("charmodel", "input_transform"):  # absent: a --no-char model
                    if getattr(model, name, None) is not None:
                        setattr(quantized, name, getattr(model, name))
            model = quantized
        self.model = model
        self.vocab = trainer.vocab
        self.args = trainer.args
        if self.args.get("charlm") or self.args.get("bert_model") or len(model.tag_clfs) != 1:
            raise ValueError("FastNER handles word vectors + character LSTM models with one tag layer")
        self.predict_tagset = self.args.get("predict_tagset") or 0
        self.transitions = model.crits[0]._transitions.detach().cpu().numpy()
        self.max_tokens = max_tokens
        self.tag_names: list[str] | None = None
        self.cache = None
        if cache:
            dim = self.args["word_emb_dim"] + (2 * self.args["char_hidden_dim"] if self._has_char() else 0)
            self.cache = FormCache(dim, cache)

    def _has_char(self) -> bool:
        return bool(self.args["char"] and self.args["char_emb_dim"] > 0)

    def tag_tokens(self, sentences: Sequence[Sequence[str]]) -> list[list[tuple[str, int, int]]]:
        """(label, first, end) spans of each sentence, as Stanza's pipeline would find them."""
        import torch

        order = sorted(range(len(sentences)), key=lambda i: -len(sentences[i]))
        out: list[list[tuple[str, int, int]]] = [[] for _ in sentences]
        batch: list[int] = []
        budget = 0
        with torch.inference_mode():
            for i in order:
                n = len(sentences[i])
                if n == 0:
                    continue
                if batch and (budget + n > self.max_tokens or len(batch) >= MAX_BATCH_SENTENCES):
                    self._run(sentences, batch, out)
                    batch, budget = [], 0
                batch.append(i)
                budget += n
            if batch:
                self._run(sentences, batch, out)
        return out

    def _run(self, sentences, batch: list[int], out) -> None:
        from stanza.models.ner.trainer import fix_singleton_tags
        from stanza.models.ner.utils import decode_from_bioes

        words = [list(sentences[i]) for i in batch]  # longest first
        logits = self.emissions(words).numpy()
        paths = viterbi_batch(logits, [len(w) for w in words], self.transitions)
        names = self._tag_names()
        for i, ids in zip(batch, paths):
            tags = fix_singleton_tags([names[x] for x in ids])
            out[i] = [(e["type"], e["start"], e["end"] + 1) for e in decode_from_bioes(tags)]

    def _tag_names(self) -> list[str]:
        """The tag each id stands for, as Stanza's trainer unmaps it (an id below the
        vocabulary's reserved prefix, which Viterbi can pick, counts as the first real tag)."""
        if self.tag_names is None:
            from stanza.models.common.vocab import VOCAB_PREFIX_SIZE

            vocab = self.vocab["tag"]
            ids = [max(x, VOCAB_PREFIX_SIZE) for x in range(len(self.transitions))]
            self.tag_names = [t[self.predict_tagset] if isinstance(t, list) else t
                              for t in vocab.unmap([(x,) for x in ids])]
        return self.tag_names

    def emissions(self, words: list[list[str]]):
        """Padded emission scores (batch x longest x tags) for sentences sorted longest first."""
        from torch.nn.utils.rnn import PackedSequence, pad_packed_sequence

        m = self.model
        sentlens = [len(s) for s in words]
        batch_size = len(words)
        if self.cache is None:
            x, batch_sizes = self._token_inputs(words)
        else:
            x, batch_sizes = self._cached_inputs(words)
        hidden = self.args["hidden_dim"]
        layers = 2 * self.args["num_layers"]
        lstm_out, _ = m.taggerlstm(
            PackedSequence(x, batch_sizes), sentlens,
            hx=(m.taggerlstm_h_init.expand(layers, batch_size, hidden).contiguous(),
                m.taggerlstm_c_init.expand(layers, batch_size, hidden).contiguous()),
        )
        scores = m.tag_clfs[0](lstm_out.data)
        return pad_packed_sequence(PackedSequence(scores, batch_sizes), batch_first=True)[0]

    def _cached_inputs(self, words: list[list[str]]):
        """The word LSTM's packed input, one row per distinct form, from the cache."""
        import torch

        longest = len(words[0])
        batch_sizes, packed = [], []  # packed (time-major) order: sentences are longest first
        alive = len(words)
        for t in range(longest):
            while len(words[alive - 1]) <= t:
                alive -= 1
            batch_sizes.append(alive)
            packed += [words[b][t] for b in range(alive)]
        index: dict[str, int] = {}
        ids = torch.tensor([index.setdefault(w, len(index)) for w in packed])
        forms = list(index)
        rows = self.cache.rows(forms, self.form_inputs)
        if rows is None:
            return self.form_inputs(forms).index_select(0, ids), torch.tensor(batch_sizes)
        return self.cache.table.index_select(0, rows.index_select(0, ids)), torch.tensor(batch_sizes)

    def form_inputs(self, forms: Sequence[str]):
        """The word LSTM's input for each word form (its input layer applied), in order.

        The same arithmetic as ``_token_inputs`` on the words as tokens: word + delta vector
        of the lowercased form, and the character LSTM's last forward and backward states
        (``CharacterModel`` with attention off, no dropout in eval mode).
        """
        import torch
        from torch.nn.utils.rnn import pack_padded_sequence
        from stanza.models.common.data import get_long_tensor

        m, vocab = self.model, self.vocab
        lower = [w.lower() for w in forms] if self.args.get("lowercase", True) else list(forms)
        inputs = [self._embed(lambda name: torch.tensor(vocab[name].map(lower)))]
        if self._has_char():
            cm = m.charmodel
            char_map = vocab["char"].map
            order = sorted(range(len(forms)), key=lambda k: -len(forms[k]))
            lens = [len(forms[k]) for k in order]
            chars = get_long_tensor([char_map(list(forms[k])) for k in order], len(order))
            layers = 2 * self.args["char_num_layers"]
            h0 = cm.charlstm_h_init.expand(layers, len(order), self.args["char_hidden_dim"]).contiguous()
            c0 = cm.charlstm_c_init.expand(layers, len(order), self.args["char_hidden_dim"]).contiguous()
            packed = pack_padded_sequence(cm.char_emb(chars), lens, batch_first=True)
            h, _ = cm.charlstm(packed, lens, hx=(h0, c0))[1]
            reps = h[-2:].transpose(0, 1).contiguous().view(len(order), -1)
            back = torch.empty(len(order), dtype=torch.long)
            back[torch.tensor(order)] = torch.arange(len(order))
            inputs.append(reps.index_select(0, back))
        x = torch.cat(inputs, 1)
        if m.input_transform is not None:
            x = m.input_transform(x)
        return x

    def _embed(self, ids):
        """Word + delta vectors, as Stanza's tagger adds them; ``ids(vocab name)`` gives the
        lowercased words' ids as a tensor of any shape. A delta id that is unknown where the
        word itself is known counts as padding (no delta)."""
        import torch
        from stanza.models.common.vocab import PAD_ID, UNK_ID

        m = self.model
        static = ids("word")
        emb = m.word_emb(static)
        if m.delta_emb is not None and "delta" in self.vocab:
            delta = ids("delta")
            delta[torch.eq(delta, UNK_ID) * torch.not_equal(static, UNK_ID)] = PAD_ID
            emb = emb + m.delta_emb(delta)
        return emb

    def _token_inputs(self, words: list[list[str]]):
        """The word LSTM's packed input computed token by token (no cache), and batch sizes."""
        import torch
        from torch.nn.utils.rnn import pack_padded_sequence
        from stanza.models.common.data import get_long_tensor
        from stanza.models.common.vocab import PAD_ID

        m, vocab = self.model, self.vocab
        sentlens = [len(s) for s in words]
        batch_size = len(words)

        def pack(x):
            return pack_padded_sequence(x, sentlens, batch_first=True)

        lower = [[w.lower() for w in s] for s in words] if self.args.get("lowercase", True) else words
        inputs = []
        emb = self._embed(lambda name: get_long_tensor([vocab[name].map(s) for s in lower], batch_size))
        packed_words = pack(emb)
        inputs.append(packed_words.data)

        if self._has_char():
            char_map = vocab["char"].map
            flat = [char_map(list(w)) for s in words for w in s]
            wordlens = [len(w) for w in flat]
            word_orig = sorted(range(len(flat)), key=lambda k: -wordlens[k])
            sorted_chars = [flat[k] for k in word_orig]
            sorted_lens = [wordlens[k] for k in word_orig]
            wordchars = get_long_tensor(sorted_chars, len(sorted_chars))
            mask = torch.eq(wordchars, PAD_ID)
            char_reps = m.charmodel(wordchars, mask, word_orig, sentlens, sorted_lens)
            inputs.append(char_reps.data)

        x = torch.cat(inputs, 1)
        if m.input_transform is not None:
            x = m.input_transform(x)
        return x, packed_words.batch_sizes


def viterbi_batch(scores, lengths: Sequence[int], transitions) -> list[list[int]]:
    """Stanza's ``viterbi_decode`` for a padded batch at once (same arithmetic, same ties).

    ``scores`` is batch x steps x tags; position t of the trellis depends only on positions
    up to t, so the padding after a sentence's end never reaches its path.
    """
    import numpy as np

    batch, steps, _ = scores.shape
    trellis = np.zeros_like(scores)
    back = np.zeros(scores.shape, dtype=np.int32)
    trellis[:, 0] = scores[:, 0]
    for t in range(1, steps):
        v = trellis[:, t - 1, :, None] + transitions[None]
        trellis[:, t] = scores[:, t] + v.max(1)
        back[:, t] = v.argmax(1)
    paths = []
    for b, n in enumerate(lengths):
        best = [int(np.argmax(trellis[b, n - 1]))]
        for t in range(n - 1, 0, -1):
            best.append(int(back[b, t, best[-1]]))
        best.reverse()
        paths.append(best)
    return paths
