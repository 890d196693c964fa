package com.serveurcom.astreinte.rota;

import com.serveurcom.astreinte.escalation.Contact;
import java.util.Objects;

/**
 * A technician who can be on call. {@code id} is the short name the rota file refers to (so a
 * technician can be renamed or change phone without touching the rotation); mobile in E.164.
 */
public record Technician(String id, String name, String mobile) {
  public Technician {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(mobile, "mobile");
    if (id.isBlank()) {
      throw new IllegalArgumentException("blank technician id");
    }
    if (!Contact.E164.matcher(mobile).matches()) {
      // The number is not echoed: exception messages end up in logs, where numbers are masked.
      throw new IllegalArgumentException("mobile of technician " + id + " not in E.164");
    }
  }

  /** For logs and the audit trail: recognisable by its last two digits only. */
  public String maskedMobile() {
    return mobile.substring(0, 3) + "*".repeat(Math.max(0, mobile.length() - 5)) + mobile.substring(mobile.length() - 2);
  }
}
