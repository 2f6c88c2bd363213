package dev.agentharness.junit;

import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.usage.UsageField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.assertj.core.api.AbstractAssert;

/**
 * Assertions on a {@link Reconciliation} of collected usage against the fakes' ledger.
 *
 * <pre>{@code
 * assertThat(session.reconcile()).matches();
 * // a bug reproduction: exactly the audio fields are lost, and the cause is named
 * assertThat(reconciliation)
 *     .hasOnlyDifferencesIn(LLM_INPUT_AUDIO_TOKENS, LLM_OUTPUT_AUDIO_TOKENS)
 *     .hasLikelyCauseContaining("output_token_details.audio_tokens");
 * }</pre>
 */
public class ReconciliationAssert extends AbstractAssert<ReconciliationAssert, Reconciliation> {

  public ReconciliationAssert(Reconciliation actual) {
    super(actual, ReconciliationAssert.class);
  }

  /** Every field matches; the failure message is {@link Reconciliation#report()}. */
  public ReconciliationAssert matches() {
    isNotNull();
    if (actual.matches()) return myself;
    throw failure("%s", actual.report().stripTrailing());
  }

  /** Each of {@code fields} differs between the ledger and the collected usage (others may differ too). */
  public ReconciliationAssert hasDifferenceIn(UsageField... fields) {
    isNotNull();
    Set<UsageField> differing = differing();
    List<String> matching = new ArrayList<>();
    for (UsageField f : fields) {
      if (!differing.contains(f)) matching.add(f.liveKitName() + " (" + f.format(actual.billed().get(f)) + ")");
    }
    if (matching.isEmpty()) return myself;
    throw failure("%s", "Expected " + String.join(", ", names(fields))
        + " to differ between the ledger and the collected usage, but " + String.join(", ", matching)
        + (matching.size() == 1 ? " matches" : " match") + ".\n"
        + actual.report().stripTrailing());
  }

  /** Exactly {@code fields} differ: no other field does, and each of them does. */
  public ReconciliationAssert hasOnlyDifferencesIn(UsageField... fields) {
    isNotNull();
    Set<UsageField> expected = EnumSet.noneOf(UsageField.class);
    expected.addAll(Arrays.asList(fields));
    Set<UsageField> differing = differing();
    if (differing.equals(expected)) return myself;
    Set<UsageField> unexpected = EnumSet.noneOf(UsageField.class);
    unexpected.addAll(differing);
    unexpected.removeAll(expected);
    Set<UsageField> notDiffering = EnumSet.noneOf(UsageField.class);
    notDiffering.addAll(expected);
    notDiffering.removeAll(differing);
    StringBuilder sb = new StringBuilder("Expected only " + String.join(", ", names(fields))
        + " to differ between the ledger and the collected usage, but");
    if (!unexpected.isEmpty()) {
      sb.append(" ").append(String.join(", ", names(unexpected.toArray(new UsageField[0]))))
          .append(unexpected.size() == 1 ? " differs" : " differ").append(" too");
    }
    if (!unexpected.isEmpty() && !notDiffering.isEmpty()) sb.append(" and");
    if (!notDiffering.isEmpty()) {
      sb.append(" ").append(String.join(", ", names(notDiffering.toArray(new UsageField[0]))))
          .append(notDiffering.size() == 1 ? " matches" : " match");
    }
    sb.append(".\n").append(actual.report().stripTrailing());
    throw failure("%s", sb.toString());
  }

  /** Some difference's likely cause contains {@code text}. */
  public ReconciliationAssert hasLikelyCauseContaining(String text) {
    isNotNull();
    for (Reconciliation.Difference d : actual.differences()) {
      if (d.likelyCause() != null && d.likelyCause().contains(text)) return myself;
    }
    List<String> causes = actual.differences().stream().map(Reconciliation.Difference::likelyCause)
        .filter(c -> c != null).distinct().toList();
    throw failure("%s", "Expected a likely cause containing \"" + text + "\", but "
        + (causes.isEmpty() ? (actual.matches() ? "everything matches" : "no cause was recognised")
            : "the causes are:\n  " + String.join("\n  ", causes))
        + (actual.matches() ? "" : "\n" + actual.table().stripTrailing()));
  }

  private Set<UsageField> differing() {
    Set<UsageField> s = EnumSet.noneOf(UsageField.class);
    for (Reconciliation.Difference d : actual.differences()) s.add(d.field());
    return s;
  }

  private static List<String> names(UsageField... fields) {
    return Arrays.stream(fields).map(UsageField::liveKitName).toList();
  }
}
