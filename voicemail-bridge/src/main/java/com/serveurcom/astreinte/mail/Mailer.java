package com.serveurcom.astreinte.mail;

/** Where e-mails go: the operator's SMTP relay ({@link SmtpMailer}), or nowhere ({@link #KEPT}). */
public interface Mailer {
  /** {@code smtp}, or {@code kept} when e-mail is off: what {@code mail_delivery.transport} says. */
  String transport();

  /**
   * Hands one e-mail to the relay.
   *
   * @param endOfData run just before the end of the data goes out: from then on the relay may have
   *                  the message, whatever happens to the session (the caller writes it down first)
   * @return the relay's answer (its 250 line)
   */
  String send(OutgoingMail mail, Runnable endOfData) throws MailFailure;

  /** E-mail off: nothing leaves the machine; the engine keeps each e-mail in the database instead. */
  Mailer KEPT = new Mailer() {
    @Override
    public String transport() {
      return "kept";
    }

    @Override
    public String send(OutgoingMail mail, Runnable endOfData) {
      throw new IllegalStateException("e-mail is off: kept e-mails are not sent");
    }
  };
}
