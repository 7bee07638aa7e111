"""Inference for pantau's Stanza NER model without Stanza's pipeline around it.

The network and its weights are Stanza's, loaded by ``stanza_ner.load_pipeline``; only the
work around them changes (docs/ner.md, "Speed", has the measurements):

- sentences are sorted by length and batched by a token budget, not by arrival order, so
  a batch pads little and holds many sentences;
- ``torch.inference_mode`` instead of ``no_grad``; no Stanza ``Document`` is built and no
  CRF loss is computed (Stanza's forward computes the training loss on every call): only
  the emission scores, then Viterbi with the CRF's transition matrix, as Stanza does;
- optionally (``quantize=True``) the LSTMs and linear layers run as dynamic int8
  (``torch.ao.quantization.quantize_dynamic``).

``tag_tokens`` gives, for each sentence, the entity spans Stanza's own pipeline would give
(label, first token, end token), before pantau's corrections.
"""

from __future__ import annotations

from typing import Sequence

# A batch holds sentences until their tokens reach this budget (sorted by length, so the
# padding is small). 64 sentences of ~25 tokens was the old batch.
MAX_BATCH_TOKENS = 4000
MAX_BATCH_SENTENCES = 512


def can_hold_name(tokens: Sequence[str], cased_text: bool = True) -> bool:
    """False when no token of a sentence could start a name: no capital letter anywhere.

    In text with no capital letters at all (``cased_text=False``: lowercased or
    all-lowercase sources) every sentence is tagged, since the model also learnt lowercase
    names (NERP). ALL-CAPS text has capitals everywhere and is always tagged.
    """
    if not cased_text:
        return True
    return any(c.isupper() for t in tokens for c in t)


class FastNER:
    """Stanza's NER network run directly: sorted token-budget batches, no loss, no Document."""

    def __init__(self, pipeline, quantize: bool = False, max_tokens: int = MAX_BATCH_TOKENS):
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

                model = quantize_dynamic(model, {torch.nn.LSTM, torch.nn.Linear}, dtype=torch.qint8)
        self.model = model
        self.vocab = trainer.vocab
        self.args = trainer.args
        if self.args.get("charlm") or self.args.get("bert_model") or len(model.tag_clfs) != 1:
            raise ValueError("FastNER handles word vectors + character LSTM models with one tag layer")
        self.predict_tagset = self.args.get("predict_tagset") or 0
        self.transitions = model.crits[0]._transitions.detach().cpu().numpy()
        self.max_tokens = max_tokens

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
        from stanza.models.common.vocab import VOCAB_PREFIX_SIZE
        from stanza.models.ner.trainer import fix_singleton_tags
        from stanza.models.ner.utils import decode_from_bioes

        words = [list(sentences[i]) for i in batch]  # longest first
        logits = self.emissions(words).numpy()
        paths = viterbi_batch(logits, [len(w) for w in words], self.transitions)
        unmap = self.vocab["tag"].unmap
        for i, ids in zip(batch, paths):
            ids = [x if x >= VOCAB_PREFIX_SIZE else VOCAB_PREFIX_SIZE for x in ids]
            tags = [t[self.predict_tagset] if isinstance(t, list) else t for t in unmap([(x,) for x in ids])]
            tags = fix_singleton_tags(tags)
            out[i] = [(e["type"], e["start"], e["end"] + 1) for e in decode_from_bioes(tags)]

    def emissions(self, words: list[list[str]]):
        """Padded emission scores (batch x longest x tags) for sentences sorted longest first."""
        import torch
        from torch.nn.utils.rnn import PackedSequence, pack_padded_sequence, pad_packed_sequence
        from stanza.models.common.data import get_long_tensor
        from stanza.models.common.vocab import PAD_ID, UNK_ID

        m, vocab = self.model, self.vocab
        sentlens = [len(s) for s in words]
        batch_size = len(words)

        def pack(x):
            return pack_padded_sequence(x, sentlens, batch_first=True)

        lower = [[w.lower() for w in s] for s in words] if self.args.get("lowercase", True) else words
        inputs = []
        static = get_long_tensor([vocab["word"].map(s) for s in lower], batch_size)
        emb = m.word_emb(static)
        if m.delta_emb is not None and "delta" in vocab:
            delta = get_long_tensor([vocab["delta"].map(s) for s in lower], batch_size)
            delta[torch.eq(delta, UNK_ID) * torch.not_equal(static, UNK_ID)] = PAD_ID
            emb = emb + m.delta_emb(delta)
        packed_words = pack(emb)
        inputs.append(packed_words.data)

        if self.args["char"] and self.args["char_emb_dim"] > 0:
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

        batch_sizes = packed_words.batch_sizes
        x = torch.cat(inputs, 1)
        if m.input_transform is not None:
            x = m.input_transform(x)
        hidden = self.args["hidden_dim"]
        layers = 2 * self.args["num_layers"]
        lstm_out, _ = m.taggerlstm(
            PackedSequence(x, batch_sizes), sentlens,
            hx=(m.taggerlstm_h_init.expand(layers, batch_size, hidden).contiguous(),
                m.taggerlstm_c_init.expand(layers, batch_size, hidden).contiguous()),
        )
        scores = m.tag_clfs[0](lstm_out.data)
        return pad_packed_sequence(PackedSequence(scores, batch_sizes), batch_first=True)[0]


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
