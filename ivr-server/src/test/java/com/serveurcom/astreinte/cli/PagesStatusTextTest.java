package com.serveurcom.astreinte.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.serveurcom.astreinte.paging.DeliveryStatus;
import com.serveurcom.astreinte.pbx.CallStatus;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every delivery status the code can write to page_attempt has its French text in bin/astreinte pages. */
class PagesStatusTextTest {

  @Test
  void everyStatusThePbxAndTwilioWriteIsSaidInFrench() {
    List<String> all = new ArrayList<>();
    Arrays.stream(CallStatus.values()).map(CallStatus::code).forEach(all::add);
    all.addAll(DeliveryStatus.TWILIO_CALL);
    all.addAll(DeliveryStatus.TWILIO_SMS);
    assertThat(all).contains("already-handled", "no-choice", "completed", "delivered");
    for (String status : all) {
      assertThat(PagesCommand.delivery(status)).as(status).isNotEqualTo(status).isNotBlank();
    }
    for (String status : List.of("sending", "accepted", "failed", "rejected")) {
      assertThat(PagesCommand.state(status)).as(status).isNotEqualTo(status);
    }
  }

  /**
   * The page script writes its statuses as literals (it is not this module's to change here): each one it
   * records must be a {@link CallStatus}, or the pages command would show it untranslated.
   */
  @Test
  void everyStatusThePageScriptRecordsIsACallStatus() throws Exception {
    String source = Files.readString(Path.of("src/main/java/com/serveurcom/astreinte/pbx/PageScript.java"));
    Set<String> written = new TreeSet<>();
    Matcher record = Pattern.compile("pages\\.record\\(([^;]*)\\);").matcher(source);
    while (record.find()) {
      Matcher literal = Pattern.compile("(endsWith\\()?\"([a-z]+(?:-[a-z]+)*)\"").matcher(record.group(1));
      while (literal.find()) {
        if (literal.group(1) == null) {
          written.add(literal.group(2));
        }
      }
    }
    // A status computed before the call: "String status = a ? "x" : "y";".
    Matcher computed = Pattern.compile("String status = ([^;]*);").matcher(source);
    while (computed.find()) {
      Matcher literal = Pattern.compile("\"([a-z]+(?:-[a-z]+)*)\"").matcher(computed.group(1));
      while (literal.find()) {
        written.add(literal.group(1));
      }
    }
    assertThat(written).contains("already-handled", "no-choice", "hung-up", "hung-up-before-key", "declined", "taken");
    Set<String> codes = new TreeSet<>();
    Arrays.stream(CallStatus.values()).map(CallStatus::code).forEach(codes::add);
    assertThat(codes).containsAll(written);
  }
}
