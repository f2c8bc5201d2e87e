"""Checks for bench/evaluate.py (run: python3 -m unittest discover -s bench).

The ground-truth-vs-itself check uses the Loghub-2k datasets
(https://github.com/logpai/loghub) and is skipped when they are absent.
"""

import unittest

from common import DEFAULT_DATA_DIR, datasets, read_structured
from evaluate import evaluate, normalise, score, var_values


class NormaliseTest(unittest.TestCase):
    def test_whitespace(self):
        self.assertEqual(normalise("  a   b\tc \r"), "a b c")

    def test_adjacent_variables_collapse(self):
        self.assertEqual(normalise("to <*>:<*> from <*> <*>"), "to <*> from <*>")
        self.assertEqual(normalise("v <*>.<*>.<*>.<*>"), "v <*>")
        self.assertEqual(normalise("<*><*>x"), "<*>x")

    def test_empty_variable_dropped(self):
        self.assertEqual(normalise("user <*>[<*>] ok", "user bob[] ok"), "user <*>[] ok")

    def test_unaligned_template_kept(self):
        self.assertEqual(normalise("a <*> b", "totally different"), "a <*> b")

    def test_var_values_matches_lazy_regex(self):
        self.assertEqual(var_values(["", ":", ""], "a:b:c"), ["a", "b:c"])
        self.assertEqual(var_values(["x ", " y"], "x 1 y"), ["1"])
        self.assertIsNone(var_values(["ab", "ba"], "aba"))
        self.assertEqual(var_values(["no vars"], "no vars"), [])
        self.assertIsNone(var_values(["no vars"], "no vars!"))


class ScoreTest(unittest.TestCase):
    def test_perfect(self):
        self.assertEqual(tuple(score(["a", "a", "b"], ["a", "a", "b"])), (1.0, 1.0, 1.0, 1.0))

    def test_renamed_groups_keep_grouping_scores(self):
        s = score(["a", "a", "b"], ["x", "x", "y"])
        self.assertEqual((s.GA, s.PA, s.FGA, s.FTA), (1.0, 0.0, 1.0, 0.0))

    def test_split_and_merge(self):
        # gt groups: a(2) split into x,y; b(1)+c(1) merged into z; d(1) exact.
        gt = ["a", "a", "b", "c", "d"]
        parsed = ["x", "y", "z", "z", "d"]
        s = score(gt, parsed)
        self.assertAlmostEqual(s.GA, 1 / 5)
        self.assertAlmostEqual(s.PA, 1 / 5)
        # 1 correct group out of 4 parsed and 4 gt groups.
        self.assertAlmostEqual(s.FGA, 0.25)
        self.assertAlmostEqual(s.FTA, 0.25)

    def test_pure_but_partial_group_is_not_a_correct_template(self):
        # Parsed "a" holds only gt-"a" lines but misses one: not grouped right.
        s = score(["a", "a", "a"], ["a", "a", "q"])
        self.assertEqual(s.FTA, 0.0)
        self.assertAlmostEqual(s.PA, 2 / 3)

    def test_grouping_uses_raw_text_comparison_uses_normalised(self):
        rows = [{"LineId": "1", "Content": "u a", "EventTemplate": "u <*>"},
                {"LineId": "2", "Content": "u a b", "EventTemplate": "u a <*>"}]
        # "u <*> <*>" normalises to "u <*>" but stays the parser's own group.
        s = evaluate(rows, {1: "u <*>", 2: "u <*> <*>"})
        self.assertEqual(tuple(s), (1.0, 0.5, 1.0, 0.5))
        s = evaluate(rows, {1: "u <*>", 2: "u a  <*> "})
        self.assertEqual(tuple(s), (1.0, 1.0, 1.0, 1.0))

    def test_missing_lines_count_as_wrong(self):
        rows = [{"LineId": "1", "Content": "x 1", "EventTemplate": "x <*>"},
                {"LineId": "2", "Content": "x 2", "EventTemplate": "x <*>"}]
        s = evaluate(rows, {1: "x <*>"})
        self.assertEqual((s.GA, s.PA), (0.0, 0.5))


@unittest.skipUnless(DEFAULT_DATA_DIR.is_dir(), "Loghub-2k data not present")
class GroundTruthAgainstItselfTest(unittest.TestCase):
    def test_all_ones(self):
        for name in datasets(DEFAULT_DATA_DIR):
            rows = read_structured(DEFAULT_DATA_DIR / name / f"{name}_2k.log_structured_corrected.csv")
            parsed = {int(r["LineId"]): r["EventTemplate"] for r in rows}
            with self.subTest(dataset=name):
                self.assertEqual(tuple(evaluate(rows, parsed)), (1.0, 1.0, 1.0, 1.0))


if __name__ == "__main__":
    unittest.main()
