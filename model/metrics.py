"""Scores for a spoiler detector, shared by training and evaluation."""

import numpy as np
from sklearn.metrics import average_precision_score, precision_recall_curve, roc_auc_score


def choose_threshold(labels, scores):
    """The threshold with the best F1 on held-out scores (ties: the higher threshold, fewer false alarms)."""
    precision, recall, thresholds = precision_recall_curve(labels, scores)
    f1 = 2 * precision[:-1] * recall[:-1] / np.maximum(precision[:-1] + recall[:-1], 1e-12)
    best = np.flatnonzero(f1 >= f1.max() - 1e-12)[-1]
    return float(thresholds[best])


def binary_metrics(labels, scores, threshold):
    """Precision, recall and F1 of the spoiler class at `threshold`, plus ROC-AUC and PR-AUC."""
    labels = np.asarray(labels, dtype=bool)
    scores = np.asarray(scores, dtype=float)
    predicted = scores >= threshold
    tp = int(np.sum(predicted & labels))
    fp = int(np.sum(predicted & ~labels))
    fn = int(np.sum(~predicted & labels))
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    both = 0 < labels.sum() < len(labels)
    return {
        "precision": precision, "recall": recall, "f1": f1,
        "roc_auc": float(roc_auc_score(labels, scores)) if both else None,
        "pr_auc": float(average_precision_score(labels, scores)) if both else None,
        "positives": int(labels.sum()), "count": int(len(labels)), "threshold": float(threshold),
    }


def format_row(name, metrics):
    def show(value):
        return "  n/a" if value is None else f"{value:.3f}"

    return (f"{name:<28} {show(metrics['precision'])} {show(metrics['recall'])} {show(metrics['f1'])} "
            f"{show(metrics['roc_auc'])} {show(metrics['pr_auc'])} {metrics['positives']:>6} {metrics['count']:>7}")


HEADER = f"{'':<28} {'prec':>5} {'rec':>5} {'f1':>5} {'roc':>5} {'pr':>5} {'spoil':>6} {'sents':>7}"
