"""Checks for bench/gen_corpus.py (run: python3 -m unittest discover -s bench).

Uses the Loghub-2k datasets (https://github.com/logpai/loghub) where present.
"""

import io
import random
import unittest

from common import DEFAULT_DATA_DIR, datasets, read_structured
from evaluate import VAR, var_values
from gen_corpus import RandomText, generate, load_recipes, recipe, span_shape


class ShapeTest(unittest.TestCase):
    def test_shapes(self):
        self.assertEqual(span_shape("blk_-695"), [("l", 3), "_-", ("d", 3)])
        self.assertEqual(span_shape("10.1.2.3:80"),
                         [("d", 2), ".", ("d", 1), ".", ("d", 1), ".", ("d", 1), ":", ("d", 2)])
        self.assertEqual(span_shape("0x7fEd"), ["0x", ("x", 4)])
        self.assertEqual(span_shape("9f4ef63"), [("x", 7)])
        self.assertEqual(span_shape("7F3A"), [("X", 4)])
        self.assertEqual(span_shape("Dec"), [("u", 1), ("l", 2)])
        self.assertEqual(span_shape("é 1"), ["é ", ("d", 1)])

    def test_recipe_keeps_constants_and_braces(self):
        fmt, specs = recipe("Token{<*>} ok <*>", "Token{a64f992} ok 12")
        self.assertEqual(specs, (("x", 7), ("d", 2)))
        line = fmt.format(*("z" * n for _, n in specs))
        self.assertEqual(line, "Token{zzzzzzz} ok zz")

    def test_constant_row_is_plain(self):
        self.assertEqual(recipe("no vars {here}", "no vars {here}"), ("no vars {here}", ()))

    def test_misfit(self):
        self.assertIsNone(recipe("a <*> b", "c d e"))


class RandomTextTest(unittest.TestCase):
    def test_classes_and_lengths(self):
        text = RandomText(random.Random(1))
        for cls, pattern in (("d", "[0-9]"), ("x", "[0-9a-f]"), ("X", "[0-9A-F]"),
                             ("l", "[a-z]"), ("u", "[A-Z]")):
            value = text.take(cls, 3000)   # crosses no pool edge, but is long
            self.assertRegex(value, f"^{pattern}{{3000}}$")

    def test_refill_larger_than_pool(self):
        text = RandomText(random.Random(1))
        self.assertEqual(len(text.take("d", RandomText.POOL_BYTES * 3)), RandomText.POOL_BYTES * 3)


@unittest.skipUnless(DEFAULT_DATA_DIR.is_dir(), "Loghub-2k data not present")
class CorpusTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.recipes = load_recipes(DEFAULT_DATA_DIR)

    def corpus(self, lines, seed):
        out = io.StringIO()
        generate(self.recipes, lines, seed, out)
        return out.getvalue()

    def test_deterministic(self):
        self.assertEqual(self.corpus(30000, 42), self.corpus(30000, 42))
        self.assertNotEqual(self.corpus(1000, 42), self.corpus(1000, 43))

    def test_line_count_and_no_blank_lines(self):
        lines = self.corpus(25001, 3).split("\n")
        self.assertEqual(lines[-1], "")
        self.assertEqual(len(lines) - 1, 25001)
        self.assertTrue(all(lines[:-1]))

    def test_fresh_lines_still_fit_their_template(self):
        text = RandomText(random.Random(9))
        for name in datasets(DEFAULT_DATA_DIR):
            rows = read_structured(DEFAULT_DATA_DIR / name / f"{name}_2k.log_structured_corrected.csv")
            for row in rows[:300]:
                fmt, specs = recipe(row["EventTemplate"], row["Content"])
                line = fmt.format(*[text.take(c, n) for c, n in specs]) if specs else fmt
                with self.subTest(dataset=name, line=line):
                    self.assertIsNotNone(var_values(row["EventTemplate"].split(VAR), " ".join(line.split())))

    def test_lines_are_mostly_fresh(self):
        lines = self.corpus(40000, 5).splitlines()
        # Only rows without variables repeat verbatim.
        self.assertGreater(len(set(lines)) / len(lines), 0.6)


if __name__ == "__main__":
    unittest.main()
