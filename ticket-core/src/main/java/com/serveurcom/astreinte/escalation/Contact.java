package com.serveurcom.astreinte.escalation;

import java.util.Objects;
import java.util.regex.Pattern;

/** An operational manager informed at an escalation level. Phone in E.164. */
public record Contact(String name, String phone, String email) {
  public static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{7,14}");

  public Contact {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(phone, "phone");
    if (!E164.matcher(phone).matches()) {
      throw new IllegalArgumentException("phone not in E.164: " + phone);
    }
  }

  /** For logs: the number is masked but still recognisable by its last digits. */
  public String maskedPhone() {
    return phone.substring(0, 3) + "*".repeat(Math.max(0, phone.length() - 5)) + phone.substring(phone.length() - 2);
  }
}
