package io.heaplens.analysis.rules;

/**
 * One problem a rule found.
 *
 * @param ruleId the rule's stable id ("http.unclosed-client")
 * @param score 0-100; the severity derives from it
 * @param title the rule's title
 * @param claim one line with the numbers ("1,843 timer threads, each created by ...")
 * @param explanation why this is a problem, in a few sentences
 * @param evidence the numbers and examples behind the claim
 * @param culprit the application code responsible, or null if it could not be determined
 * @param recommendation what to change
 */
public record Finding(
    String ruleId, int score, String title, String claim, String explanation, Evidence evidence,
    Culprit culprit, String recommendation) {

  /** The severity of this finding's score. */
  public Severity severity() {
    return Severity.ofScore(score);
  }
}
