/** An inspection's result as the graph takes it. */
export type Verdict = 'PASS' | 'FAIL' | 'PENDING';

/**
 * The words LIMS exports use for a result, in English and Chinese (compared without case or spaces). A word not
 * listed is not guessed at: the record is rejected with the word named.
 */
const VERDICT_WORDS: Record<Verdict, readonly string[]> = {
  PASS: ['pass', 'passed', 'ok', 'p', 'accept', 'accepted', 'conforming', 'conform', 'good', 'g', 'y', 'yes', '合格', '通过', '符合', '符合规定', '接收', '允收', '良品'],
  FAIL: ['fail', 'failed', 'ng', 'nok', 'f', 'reject', 'rejected', 'nonconforming', 'non-conforming', 'bad', 'n', 'no', '不合格', '未通过', '不符合', '不符合规定', '拒收', '判退', '不良'],
  PENDING: ['pending', 'open', 'tbd', 'in progress', 'waiting', '待检', '检验中', '待定', '未检'],
};

const BY_WORD = new Map<string, Verdict>();
for (const [verdict, words] of Object.entries(VERDICT_WORDS) as Array<[Verdict, readonly string[]]>) {
  for (const word of words) BY_WORD.set(word.replace(/\s+/g, ''), verdict);
}

/** The verdict a result word means, or undefined when it is not one the catalogue knows. */
export function verdictOf(word: string): Verdict | undefined {
  return BY_WORD.get(word.trim().toLowerCase().replace(/\s+/g, ''));
}
