// Helpers of bench/run.js for the targets of issue 13 ("margin over the floor"): the floor
// cases and the ratios of one case's runs to another's, measured in the same rounds.
//
// "The floor is `node` starting and reading the same file": a floor case is
//   node -e "<FLOOR_CODE>" FILE
// which reads FILE whole with fs.readFileSync (bytes, not decoded) and prints its length,
// which bench/run.js checks against the file's size, so a floor that read nothing is caught.
// `node -e 0` (run.js's "for scale" figure) is the floor of a command that reads no file
// (--version, --help).

/** The `node -e` program of a floor case: reads process.argv[1] whole, prints its length. */
export const FLOOR_CODE = "process.stdout.write(String(require('fs').readFileSync(process.argv[1]).length))";

export const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * The ratio of two series of wall times (ms) measured side by side, pair i at index i (a
 * case's run and the floor run right before it, BENCH_PAIRS of them a round):
 * `ofMedians` = median(num) / median(den); `perRound` = the median of num[i] / den[i] (less
 * exposed to load that shifts between rounds: the figure a target is judged on); `rounds`
 * = each pair's ratio.
 */
export function pairRatio(num, den) {
  if (num.length !== den.length || num.length === 0) {
    throw new Error(`pairRatio: ${num.length} vs ${den.length} rounds`);
  }
  const rounds = num.map((x, i) => x / den[i]);
  return {
    numMs: median(num),
    denMs: median(den),
    ofMedians: median(num) / median(den),
    perRound: median(rounds),
    rounds: rounds.map((r) => Math.round(r * 1000) / 1000),
  };
}

/** A case's arguments without `--json`: its human-output twin. */
export const withoutJson = (args) => args.filter((a) => a !== '--json');

/** Lines of text output that are not blank: the `items` of a human-output case. */
export const textLines = (stdout) => stdout.split('\n').filter((l) => l.trim() !== '').length;
