from __future__ import annotations

import hashlib
import json
import shutil

import numpy as np
import pytest

from talkback.moderation.encoder import (
    CARD_FILE,
    DIM,
    ENCODER_DIR,
    ONNX_FILE,
    THREADS_ENV,
    TOKENIZER_FILE,
    SentenceEncoder,
    default_encoder,
)

SHELLED = "The army shelled the village"
BOMBARDED = "Troops bombarded the town"
CAKE = "I love chocolate cake"


@pytest.fixture(scope="module")
def encoder():
    return SentenceEncoder.load()


def test_it_returns_unit_vectors_of_384_floats(encoder):
    embeddings = encoder.encode([SHELLED, BOMBARDED, CAKE])

    assert embeddings.shape == (3, DIM)
    assert embeddings.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(embeddings, axis=1), 1.0, atol=1e-5)


def test_it_places_a_paraphrase_closer_than_an_unrelated_sentence(encoder):
    shelled, bombarded, cake = encoder.encode([SHELLED, BOMBARDED, CAKE])

    # Fine-tuned on the guidelines, the encoder packs all text closer together than the
    # original did (unrelated news sentences about 0.8): the order is what must hold.
    assert shelled @ bombarded > max(shelled @ cake, bombarded @ cake) + 0.1


def test_it_keeps_the_input_order_across_batches_of_mixed_lengths(encoder):
    texts = [
        "The minister resigned after the report on the hospital contracts was published, "
        "and the opposition called for an inquiry into who knew what and when.",
        "Rain tomorrow.",
        CAKE,
        "The match was abandoned at half time because the pitch had flooded overnight.",
        "",
        SHELLED,
    ]
    alone = np.vstack([encoder.encode([text]) for text in texts])

    batched = encoder.encode(texts, batch_size=2)

    # Each row is its own text's embedding and no other text's. Not exactly: the int8 graph scales
    # its activations per batch, so batch-mates move a row by a few hundredths of cosine.
    similarity = batched @ alone.T
    assert similarity.argmax(axis=1).tolist() == list(range(len(texts)))
    assert similarity.diagonal().min() > 0.95


def test_it_returns_no_rows_for_no_texts(encoder):
    embeddings = encoder.encode([])

    assert embeddings.shape == (0, DIM)
    assert embeddings.dtype == np.float32


def test_it_encodes_an_empty_string_as_a_unit_vector(encoder):
    (empty,) = encoder.encode([""])

    assert np.isfinite(empty).all()
    assert np.linalg.norm(empty) == pytest.approx(1.0, abs=1e-5)


def test_it_reads_only_the_start_of_a_100_kb_text(encoder):
    sentence = "The council met on Tuesday to discuss the budget. "
    huge = sentence * 2000
    assert len(huge.encode()) == 100_000

    long, start = encoder.encode([huge, sentence * 30])

    assert float(long @ start) == pytest.approx(1.0, abs=1e-4)


def test_it_refuses_a_batch_size_below_one(encoder):
    with pytest.raises(ValueError, match="batch_size"):
        encoder.encode([CAKE], batch_size=0)


@pytest.mark.parametrize("name", [ONNX_FILE, TOKENIZER_FILE])
def test_it_names_a_missing_file(tmp_path, name):
    for shipped in (ONNX_FILE, TOKENIZER_FILE):
        shutil.copyfile(ENCODER_DIR / shipped, tmp_path / shipped)
    (tmp_path / name).unlink()

    with pytest.raises(FileNotFoundError, match=name):
        SentenceEncoder.load(tmp_path)


@pytest.mark.parametrize("name", [ONNX_FILE, TOKENIZER_FILE])
def test_it_names_a_corrupt_file(tmp_path, name):
    for shipped in (ONNX_FILE, TOKENIZER_FILE):
        shutil.copyfile(ENCODER_DIR / shipped, tmp_path / shipped)
    (tmp_path / name).write_bytes(b"not a model")

    with pytest.raises(ValueError, match=name):
        SentenceEncoder.load(tmp_path)


def test_it_takes_its_thread_count_from_the_environment(monkeypatch):
    monkeypatch.setenv(THREADS_ENV, "3")
    encoder = SentenceEncoder.load()
    assert encoder.threads == 3
    assert encoder._session.get_session_options().intra_op_num_threads == 1
    assert encoder.encode([CAKE]).shape == (1, DIM)

    monkeypatch.setenv(THREADS_ENV, "none")
    with pytest.raises(ValueError, match=f"^{THREADS_ENV} must be a positive integer"):
        SentenceEncoder.load()


def test_it_ships_the_graph_its_card_describes():
    card = json.loads((ENCODER_DIR / CARD_FILE).read_text(encoding="utf-8"))
    graph = (ENCODER_DIR / ONNX_FILE).read_bytes()

    assert card["sha256"] == hashlib.sha256(graph).hexdigest()
    assert card["dim"] == DIM
    assert len(graph) < 25_000_000
    assert card["fidelity"]["cosine"]["int8"]["mean"] > 0.98


def test_it_loads_the_default_encoder_once():
    assert default_encoder() is default_encoder()


def test_texts_encoded_side_by_side_get_the_embedding_they_get_alone():
    encoder = SentenceEncoder.load()
    texts = [f"Comment {n} about the strikes on the northern villages." for n in range(12)]

    together = encoder.encode(texts)

    alone = np.vstack([encoder.encode([text]) for text in texts])
    assert np.array_equal(together, alone)
