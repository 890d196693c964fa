package com.serveurcom.astreinte.cli;

import com.serveurcom.astreinte.config.AstreinteConfig;
import com.serveurcom.astreinte.escalation.EscalationMatrix;
import com.serveurcom.astreinte.ticket.Priority;
import java.io.Writer;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code escalation --priority P --deadline INSTANT --now INSTANT}: the escalation level an overrun allows. */
@Command(name = "escalation", description = "Le niveau d'escalade d'une échéance dépassée ; '-' lit des lignes 'priorité,échéance,maintenant' sur l'entrée standard.")
final class EscalationCommand implements Callable<Integer> {
  @Mixin CommonOptions common;
  @picocli.CommandLine.Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(names = "--priority", paramLabel = "low|medium|high", description = "Priorité de la demande.")
  String priority;

  @Option(names = "--deadline", paramLabel = "INSTANT", description = "L'échéance, ISO-8601 avec décalage.")
  String deadline;

  @Option(names = "--now", paramLabel = "INSTANT", description = "L'instant du calcul (défaut : maintenant).")
  String now;

  @Parameters(paramLabel = "-", arity = "0..1", description = "'-' pour lire des lignes 'priorité,échéance,maintenant' sur l'entrée standard.")
  String stdin;

  /** Injectable for tests. */
  Clock clock = Clock.systemUTC();

  @Override
  public Integer call() {
    boolean batch = "-".equals(stdin);
    if (!batch && (priority == null || deadline == null)) {
      System.err.println(ErrorLine.of(spec, "--priority et --deadline sont requis (ou '-' pour lire l'entrée standard)"
          + " (aide : bin/astreinte escalation --help)"));
      return CommonOptions.EXIT_INVALID;
    }
    AstreinteConfig config = common.loadOrReport();
    if (config == null) {
      return CommonOptions.EXIT_INVALID;
    }
    EscalationMatrix matrix = config.escalation();
    Writer out = CommonOptions.out();
    if (batch) {
      return common.batch(out, line -> {
        String[] f = line.split(",", -1);
        if (f.length != 3) {
          throw new IllegalArgumentException("attendu 'priority,deadline,now'");
        }
        return render(matrix, f[0], f[1], f[2]);
      });
    }
    try {
      CommonOptions.print(out, render(matrix, priority, deadline, now == null ? clock.instant().toString() : now));
      return CommonOptions.EXIT_OK;
    } catch (IllegalArgumentException e) {
      System.err.println(ErrorLine.of(spec, e.getMessage()));
      return CommonOptions.EXIT_INVALID;
    }
  }

  private String render(EscalationMatrix matrix, String p, String deadlineText, String nowText) {
    Priority prio = CommonOptions.priority(p);
    Instant d = Instants.parse(deadlineText);
    Instant n = Instants.parse(nowText);
    int level = matrix.level(prio, d, n);
    if (common.json) {
      return "{\"level\":" + level + "}";
    }
    return "priorité " + French.priorityAfterNoun(prio) + ", échéance le " + Instants.human(d) + ", le " + Instants.local(n) + " : "
        + (level == 0 ? "pas d'escalade" : "escalade de niveau " + level);
  }
}
