import json
import zipfile

import numpy as np
from sklearn.base import clone

from nlp.labels import LABELS
from nlp.models import ClassicalDisclosureModel


def test_fit_predict_and_roundtrip(tiny_model_dir, tiny_corpus):
    model = ClassicalDisclosureModel.from_pretrained(tiny_model_dir)
    texts = [t for t, _, _ in tiny_corpus]
    proba = model.predict_proba(texts)
    assert proba.shape == (len(texts), 3) and np.allclose(proba.sum(1), 1)
    # the tiny model must at least fit its own training data (a sanity check, not an accuracy claim)
    assert (model.predict(texts) == np.array([l for _, l, _ in tiny_corpus])).mean() >= 0.8
    again = ClassicalDisclosureModel.from_pretrained(tiny_model_dir)
    assert np.allclose(again.predict_proba(texts[:3]), proba[:3])


def test_model_directory_has_no_pickle(tiny_model_dir):
    config = json.loads((tiny_model_dir / "config.json").read_text(encoding="utf-8"))
    assert config["labels"] == list(LABELS) and config["metadata"]["version"] == "test"
    with zipfile.ZipFile(tiny_model_dir / "arrays.npz") as z:
        for name in z.namelist():
            header = z.read(name)[:128]
            assert b"'O'" not in header and b"|O" not in header, name  # no object arrays


def test_estimator_is_clonable_and_seeded(tiny_corpus):
    texts, labels, _ = zip(*tiny_corpus)
    base = ClassicalDisclosureModel(min_df=1, calibration_folds=2, C=2.0)
    assert clone(base).get_params()["C"] == 2.0
    a = clone(base).fit(list(texts), list(labels)).predict_proba(list(texts))
    b = clone(base).fit(list(texts), list(labels)).predict_proba(list(texts))
    assert np.allclose(a, b)


def test_codes_come_from_the_predicted_label(tiny_model_dir, tiny_corpus):
    from nlp.labels import REASON_CODES
    from nlp.text import prepare

    model = ClassicalDisclosureModel.from_pretrained(tiny_model_dir)
    for a in model.analyse([prepare(t)[0] for t, _, _ in tiny_corpus]):
        label = LABELS[int(a["probabilities"].argmax())]
        assert all(REASON_CODES[c].label == label for c in a["codes"])


def test_ensemble_averages_member_probabilities(tiny_model_dir, tiny_corpus):
    from nlp.models.ensemble import EnsembleDisclosureModel

    a = ClassicalDisclosureModel.from_pretrained(tiny_model_dir)
    texts, labels, _ = zip(*tiny_corpus)
    b = ClassicalDisclosureModel(min_df=1, calibration_folds=2, C=0.5).fit(list(texts), list(labels))
    ens = EnsembleDisclosureModel([a, b], [3, 1])
    expected = 0.75 * a.predict_proba(texts[:4]) + 0.25 * b.predict_proba(texts[:4])
    assert np.allclose(ens.predict_proba(texts[:4]), expected)
