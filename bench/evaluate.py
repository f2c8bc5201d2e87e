"""Log-parsing accuracy metrics as defined by logpai's Loghub-2.0 evaluator.

Loghub: https://github.com/logpai/loghub
Loghub-2.0 (evaluator definitions): https://github.com/logpai/loghub-2.0
  Jiang et al., "A Large-scale Evaluation for Log Parsing Techniques: How Far
  are We?", ISSTA 2024; Khan et al., "Guidelines for Assessing the Accuracy of
  Log Message Template Identification Techniques", ICSE 2022.

Like Loghub-2.0, groups are keyed by the template *string*: two lines are in
the same parsed group iff the parser gave them exactly the same template text,
and in the same ground-truth group iff their (normalised) EventTemplate
strings are equal.

  GA   grouping accuracy: fraction of lines whose ground-truth group is matched
       by exactly one parsed group containing exactly those lines.
  PA   parsing accuracy: fraction of lines whose parsed template equals the
       ground-truth template.
  FGA  F1 of group accuracy: precision = correctly grouped groups / parsed
       groups, recall = correctly grouped groups / ground-truth groups.
  FTA  F1 of template accuracy: like FGA, but a group also needs its template
       string to equal the ground truth. (Loghub-2.0's code only checks that a
       parsed group is pure and named like its ground truth; we use the
       paper's stricter wording, which also requires the group to be whole.)

Template strings are normalised before they are compared (PA, FTA):
  * whitespace stripped and runs collapsed to one space (the corrected ground
    truth is already written that way; logpai's DS rule);
  * a <*> that stands for an empty string in the line is dropped
    (Loghub-2.0's align_with_null_values);
  * adjacent variables collapse: <*>.<*>, <*><*>, <*>:<*>, <*> <*> -> <*>
    (Loghub-2.0's correct_template_general).
Loghub-2.0 applies the last rule to the ground truth only, because its
parsers apply the same rules to their own output; the parsers here (ours,
Drain3) don't, so we apply it to both sides. The parser's grouping, though,
stays keyed by its raw template text, as in Loghub-2.0: collapsing "<*> <*>"
must not merge two groups the parser kept apart (Drain3 on OpenSSH has
"... ruser= <*>" and "... ruser= <*> <*>" for two different events).

CLI: python3 bench/evaluate.py GROUND_TRUTH.csv PARSED.csv
(PARSED.csv needs columns LineId, EventTemplate.)
"""

import csv
import io
import re
import sys
from collections import Counter, defaultdict
from typing import NamedTuple

VAR = "<*>"
_WS = re.compile(r"\s+")
_DOT_VARS = re.compile(r"<\*>\.<\*>")
_ADJACENT_VARS = re.compile(r"<\*>(?:|:| )<\*>")


class Scores(NamedTuple):
    GA: float
    PA: float
    FGA: float
    FTA: float


def normalise(template, content=None):
    """Canonical form of a template string (see module docstring)."""
    template = _WS.sub(" ", template.strip())
    if content is not None and VAR in template:
        template = _drop_empty_vars(template, content)
    return _collapse_adjacent_vars(template)


def _drop_empty_vars(template, content):
    parts = template.split(VAR)
    # Contents are not always single-spaced (e.g. OpenSSH, Hadoop); templates are.
    values = var_values(parts, _WS.sub(" ", content.strip()))
    if values is None:
        return template
    out = [parts[0]]
    for value, part in zip(values, parts[1:]):
        out.append(VAR if value else "")
        out.append(part)
    return "".join(out)


def var_values(parts, text):
    """What each <*> stands for when the literal parts are laid over text;
    None if they don't fit. Taking each middle part at its leftmost place
    gives the same answer as Loghub-2.0's lazy '^p0(.*?)p1...$' regex, in
    linear time (that regex backtracks badly on long, non-matching lines)."""
    if len(parts) == 1:
        return [] if text == parts[0] else None
    if not text.startswith(parts[0]):
        return None
    pos, values = len(parts[0]), []
    for part in parts[1:-1]:
        at = text.find(part, pos)
        if at < 0:
            return None
        values.append(text[pos:at])
        pos = at + len(part)
    end = len(text) - len(parts[-1])
    if end < pos or not text.endswith(parts[-1]):
        return None
    values.append(text[pos:end])
    return values


def _collapse_adjacent_vars(template):
    # Dots first, then the rest, each to a fixpoint, in Loghub-2.0's order.
    for pattern in (_DOT_VARS, _ADJACENT_VARS):
        previous = None
        while previous != template:
            previous, template = template, pattern.sub(VAR, template)
    return template


def f1(precision, recall):
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def score(gt, parsed, parsed_normalised=None):
    """Metrics for equally long per-line lists: gt holds normalised
    ground-truth templates, parsed the parser's raw templates (its grouping),
    parsed_normalised the same normalised for comparison (default: parsed)."""
    if parsed_normalised is None:
        parsed_normalised = parsed
    if not len(gt) == len(parsed) == len(parsed_normalised):
        raise ValueError(f"{len(gt)} ground-truth lines vs {len(parsed)} parsed lines")
    if not gt:
        raise ValueError("nothing to evaluate")
    gt_groups = defaultdict(list)
    for i, template in enumerate(gt):
        gt_groups[template].append(i)
    parsed_sizes = Counter(parsed)

    grouped_lines = grouped_groups = exact_templates = 0
    for template, lines in gt_groups.items():
        keys = {parsed[i] for i in lines}
        if len(keys) == 1 and parsed_sizes[keys.pop()] == len(lines):
            grouped_lines += len(lines)
            grouped_groups += 1
            exact_templates += all(parsed_normalised[i] == template for i in lines)

    pa = sum(g == p for g, p in zip(gt, parsed_normalised)) / len(gt)
    fga = f1(grouped_groups / len(parsed_sizes), grouped_groups / len(gt_groups))
    fta = f1(exact_templates / len(parsed_sizes), exact_templates / len(gt_groups))
    return Scores(GA=grouped_lines / len(gt), PA=pa, FGA=fga, FTA=fta)


def evaluate(gt_rows, parsed_by_line):
    """Score a parser's output against ground truth.

    gt_rows: dicts with LineId, Content, EventTemplate (a structured csv).
    parsed_by_line: LineId (int) -> template string. A line the parser left
    out counts as parsed to the empty template, i.e. wrong.
    """
    gt, parsed, parsed_normalised = [], [], []
    for row in gt_rows:
        content = row["Content"]
        template = parsed_by_line.get(int(row["LineId"]), "")
        gt.append(normalise(row["EventTemplate"], content))
        parsed.append(template)
        parsed_normalised.append(normalise(template, content))
    return score(gt, parsed, parsed_normalised)


def read_parsed_csv(text):
    """LineId -> EventTemplate from a parser's CSV output (RFC 4180)."""
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = {"LineId", "EventTemplate"} - set(reader.fieldnames or ())
    if missing:
        raise ValueError(f"parser CSV lacks column(s) {sorted(missing)}; header: {reader.fieldnames}")
    return {int(row["LineId"]): row["EventTemplate"] for row in reader}


def main(argv):
    if len(argv) != 2:
        sys.exit("usage: evaluate.py GROUND_TRUTH.csv PARSED.csv")
    with open(argv[0], newline="", encoding="utf-8") as f:
        gt_rows = list(csv.DictReader(f))
    with open(argv[1], encoding="utf-8") as f:
        parsed = read_parsed_csv(f.read())
    scores = evaluate(gt_rows, parsed)
    print(" ".join(f"{name}={value:.4f}" for name, value in scores._asdict().items()))


if __name__ == "__main__":
    main(sys.argv[1:])
