"""The classical disclosure model: word + character n-gram TF-IDF, 公文 structure features and
(``rule_features``) the strength of each codebook detector's finding per reason code, a
class-weighted multinomial logistic regression, temperature-scaled probabilities, and a
reason-code head.

scikit-learn estimator API (``fit``/``predict_proba``/``get_params``, clone-able) plus
``save_pretrained``/``from_pretrained`` to a directory of JSON and ``.npz`` (no pickle).
"""
from __future__ import annotations

import time
from pathlib import Path

import numpy as np
import scipy.sparse as sp
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import StratifiedKFold

from ..features.structure_features import feature_names as structure_feature_names
from ..features.structure_features import rule_vector, structure_vector
from ..features.tokenize import words
from ..labels import DEFAULT_CODE, LABELS, REASON_CODES
from ..text import parse_structure, prepare
from .persistence import load_dir, save_dir

MODEL_TYPE = "classical-tfidf-logreg"
FORMAT_VERSION = 1


def _identity(x):
    return x


def fit_temperature(scores: np.ndarray, y: np.ndarray) -> float:
    """Temperature T minimising the log-loss of softmax(scores / T) — one-parameter calibration."""
    best_t, best = 1.0, np.inf
    for t in np.exp(np.linspace(np.log(0.005), np.log(50), 300)):
        z = scores / t
        z = z - z.max(1, keepdims=True)
        logp = z - np.log(np.exp(z).sum(1, keepdims=True))
        loss = -logp[np.arange(len(y)), y].mean()
        if loss < best:
            best_t, best = float(t), loss
    return best_t


def softmax(z: np.ndarray) -> np.ndarray:
    z = z - z.max(1, keepdims=True)
    e = np.exp(z)
    return e / e.sum(1, keepdims=True)


class ClassicalDisclosureModel(BaseEstimator, ClassifierMixin):
    """TF-IDF + structure features → calibrated probabilities over the three labels.

    ``fit(texts, labels, codes=None, sample_weight=None)``: texts are raw or prepared (they are
    prepared again, idempotently); ``codes`` (primary reason code per document, or None) trains the
    code head; ``sample_weight`` < 1 marks partially labelled rows (see :mod:`nlp.training`), which
    are left out of calibration.
    """

    def __init__(self, char_ngrams=(1, 3), word_ngrams=(1, 2), max_char_features=150_000,
                 max_word_features=80_000, min_df=2, C=4.0, structure_weight=1.0, class_weight="balanced",
                 calibration_folds=3, rule_features=True, random_state=0):
        self.char_ngrams = char_ngrams
        self.word_ngrams = word_ngrams
        self.max_char_features = max_char_features
        self.max_word_features = max_word_features
        self.min_df = min_df
        self.C = C
        self.structure_weight = structure_weight
        self.class_weight = class_weight
        self.calibration_folds = calibration_folds
        self.rule_features = rule_features
        self.random_state = random_state

    # ----- features -------------------------------------------------------------------------
    def _vectorizers(self):
        char = TfidfVectorizer(analyzer="char", ngram_range=tuple(self.char_ngrams), min_df=self.min_df,
                               max_features=self.max_char_features, sublinear_tf=True, lowercase=False,
                               dtype=np.float32)
        word = TfidfVectorizer(analyzer=_identity, ngram_range=(1, 1), min_df=self.min_df,
                               max_features=self.max_word_features, sublinear_tf=True, lowercase=False,
                               dtype=np.float32)
        return char, word

    def _word_grams(self, tokens: list[str]) -> list[str]:
        lo, hi = self.word_ngrams
        out = []
        for n in range(lo, hi + 1):
            out += [" ".join(tokens[i:i + n]) for i in range(len(tokens) - n + 1)]
        return out

    def prepare_batch(self, texts) -> list[str]:
        return [prepare(t)[0] for t in texts]

    def _features(self, texts: list[str], fit: bool = False):
        grams = [self._word_grams(words(t)) for t in texts]
        struct = np.array([structure_vector(parse_structure(t), t) + (rule_vector(t) if self.rule_features else [])
                           for t in texts], dtype=np.float32)
        if fit:
            self.char_vectorizer_, self.word_vectorizer_ = self._vectorizers()
            xc = self.char_vectorizer_.fit_transform(texts)
            xw = self.word_vectorizer_.fit_transform(grams)
        else:
            xc = self.char_vectorizer_.transform(texts)
            xw = self.word_vectorizer_.transform(grams)
        xs = sp.csr_matrix(struct * self.structure_weight)
        return sp.hstack([xc, xw, xs], format="csr", dtype=np.float32)

    def feature_names(self) -> list[str]:
        return ([f"char:{t}" for t in self.char_vectorizer_.get_feature_names_out()]
                + [f"word:{t}" for t in self.word_vectorizer_.get_feature_names_out()]
                + [f"struct:{t}" for t in structure_feature_names(self.rule_features)])

    # ----- estimator API ----------------------------------------------------------------------
    def _linear(self, C=None):
        return LogisticRegression(C=C or self.C, class_weight=self.class_weight, max_iter=2000,
                                  random_state=self.random_state)

    def fit(self, texts, y, codes=None, sample_weight=None):
        texts = self.prepare_batch(texts)
        w = np.ones(len(texts)) if sample_weight is None else np.asarray(sample_weight, dtype=np.float64)
        self.classes_ = np.array(LABELS)
        y_idx = np.array([LABELS.index(v) for v in y])
        X = self._features(texts, fit=True)
        # temperature from out-of-fold scores, so calibration is not fitted on memorised training data
        oof = np.zeros((len(texts), len(LABELS)), dtype=np.float64)
        folds = StratifiedKFold(self.calibration_folds, shuffle=True, random_state=self.random_state)
        for tr, te in folds.split(X, y_idx):
            clf = self._linear().fit(X[tr], y_idx[tr], sample_weight=w[tr])
            scores = np.full((len(te), len(LABELS)), -30.0)
            scores[:, clf.classes_] = clf.decision_function(X[te]).reshape(len(te), -1)
            oof[te] = scores
        self.temperature_ = fit_temperature(oof[w >= 1], y_idx[w >= 1])  # fully labelled rows only
        clf = self._linear().fit(X, y_idx, sample_weight=w)
        self.coef_ = np.zeros((len(LABELS), X.shape[1]), dtype=np.float32)
        self.intercept_ = np.full(len(LABELS), -30.0, dtype=np.float32)
        self.coef_[clf.classes_] = clf.coef_
        self.intercept_[clf.classes_] = clf.intercept_
        self._fit_code_head(X, codes)
        return self

    def _fit_code_head(self, X, codes):
        self.code_classes_ = np.array([], dtype=str)
        self.code_coef_ = np.zeros((0, X.shape[1]), dtype=np.float32)
        self.code_intercept_ = np.zeros(0, dtype=np.float32)
        if codes is None:
            return
        rows = [i for i, c in enumerate(codes) if c in REASON_CODES]
        present = sorted({codes[i] for i in rows})
        if len(present) < 2:
            return
        clf = LogisticRegression(C=self.C, class_weight="balanced", max_iter=2000,
                                 random_state=self.random_state).fit(X[rows], [codes[i] for i in rows])
        self.code_classes_ = np.array(clf.classes_)
        coef = clf.coef_ if len(clf.classes_) > 2 else np.vstack([-clf.coef_, clf.coef_])
        icpt = clf.intercept_ if len(clf.classes_) > 2 else np.array([-clf.intercept_[0], clf.intercept_[0]])
        self.code_coef_, self.code_intercept_ = coef.astype(np.float32), icpt.astype(np.float32)

    def _scores(self, texts, prepared: bool):
        texts = list(texts) if prepared else self.prepare_batch(texts)
        X = self._features(texts)
        return np.asarray(X @ self.coef_.T + self.intercept_), X

    def decision_function(self, texts, prepared: bool = False):
        return self._scores(texts, prepared)[0]

    def predict_proba(self, texts, prepared: bool = False):
        return softmax(self.decision_function(texts, prepared) / self.temperature_)

    def predict(self, texts, prepared: bool = False):
        return self.classes_[self.predict_proba(texts, prepared).argmax(1)]

    def analyse(self, texts: list[str], top_features: int = 25):
        """For prepared texts: probabilities, ranked reason codes per document, and the features
        that pushed each document towards its predicted label (name, weight)."""
        scores, X = self._scores(texts, prepared=True)
        proba = softmax(scores / self.temperature_)
        names = self._names()
        code_scores = (X @ self.code_coef_.T + self.code_intercept_) if len(self.code_classes_) else None
        out = []
        for i in range(len(texts)):
            k = int(proba[i].argmax())
            label = LABELS[k]
            row = X.getrow(i)
            contrib = row.data * self._contrast()[k, row.indices]
            order = np.argsort(-contrib)[:top_features]
            drivers = [(names[row.indices[j]], float(contrib[j])) for j in order if contrib[j] > 0]
            out.append({"probabilities": proba[i], "codes": self._rank_codes(label, code_scores, i),
                        "drivers": drivers})
        return out

    def _rank_codes(self, label, code_scores, i) -> list[str]:
        allowed = [j for j, c in enumerate(self.code_classes_) if REASON_CODES[c].label == label]
        if code_scores is None or not allowed:
            return [DEFAULT_CODE[label]]
        s = np.asarray(code_scores[i]).ravel()
        return [str(self.code_classes_[j]) for j in sorted(allowed, key=lambda j: -s[j])][:3]

    def _contrast(self):
        """Per class: its weights minus the mean weights of the other classes (cached)."""
        if getattr(self, "_contrast_cache", None) is None:
            n = len(self.coef_)
            self._contrast_cache = np.stack([self.coef_[k] - np.delete(self.coef_, k, 0).mean(0) for k in range(n)])
        return self._contrast_cache

    def _names(self):
        if getattr(self, "_names_cache", None) is None:
            self._names_cache = self.feature_names()
        return self._names_cache

    # ----- persistence ------------------------------------------------------------------------
    def save_pretrained(self, path, metadata: dict | None = None) -> Path:
        char_vocab = self.char_vectorizer_.get_feature_names_out().tolist()
        word_vocab = self.word_vectorizer_.get_feature_names_out().tolist()
        config = {"model_type": MODEL_TYPE, "format_version": FORMAT_VERSION, "labels": list(LABELS),
                  "params": {k: (list(v) if isinstance(v, tuple) else v) for k, v in self.get_params().items()},
                  "temperature": self.temperature_, "code_classes": self.code_classes_.tolist(),
                  "structure_features": structure_feature_names(self.rule_features),
                  "metadata": metadata or {}}
        arrays = {"coef": self.coef_, "intercept": self.intercept_,
                  "char_idf": self.char_vectorizer_.idf_.astype(np.float32),
                  "word_idf": self.word_vectorizer_.idf_.astype(np.float32),
                  "char_vocab": np.array(char_vocab, dtype=str), "word_vocab": np.array(word_vocab, dtype=str),
                  "code_coef": self.code_coef_, "code_intercept": self.code_intercept_}
        return save_dir(path, config, arrays)

    @classmethod
    def from_pretrained(cls, path) -> "ClassicalDisclosureModel":
        t0 = time.perf_counter()
        config, arrays = load_dir(path)
        if config.get("model_type") != MODEL_TYPE:
            raise ValueError(f"{path}: model_type {config.get('model_type')!r} is not {MODEL_TYPE!r}")
        if config["structure_features"] != structure_feature_names(config["params"].get("rule_features", False)):
            raise ValueError(f"{path}: structure features differ from this version of the code; retrain")
        params = {k: (tuple(v) if isinstance(v, list) else v) for k, v in config["params"].items()}
        model = cls(**params)
        model.classes_ = np.array(config["labels"])
        model.char_vectorizer_, model.word_vectorizer_ = model._vectorizers()
        for vec, vocab, idf in ((model.char_vectorizer_, arrays["char_vocab"], arrays["char_idf"]),
                                (model.word_vectorizer_, arrays["word_vocab"], arrays["word_idf"])):
            vec.vocabulary_ = {t: i for i, t in enumerate(vocab.tolist())}
            vec.idf_ = idf.astype(np.float64)
        model.coef_, model.intercept_ = arrays["coef"], arrays["intercept"]
        model.code_coef_, model.code_intercept_ = arrays["code_coef"], arrays["code_intercept"]
        model.code_classes_ = np.array(config["code_classes"], dtype=str)
        model.temperature_ = config["temperature"]
        model.metadata = config.get("metadata", {})
        model.load_seconds_ = time.perf_counter() - t0
        return model
