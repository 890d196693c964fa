package com.serveurcom.astreinte.mail;

import com.icegreen.greenmail.Managers;
import com.icegreen.greenmail.mail.MailAddress;
import com.icegreen.greenmail.server.AbstractServer;
import com.icegreen.greenmail.smtp.SmtpManager;
import com.icegreen.greenmail.smtp.SmtpState;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import java.util.Map;

/**
 * GreenMail, a real SMTP server in-process, that refuses for good (550 at RCPT TO) every mailbox
 * whose local part starts with {@value #REFUSED}: what an operator's relay answers to an unknown
 * address. Received messages are read with {@link #getReceivedMessages()}.
 */
public final class RefusingGreenMail extends GreenMail {
  public static final String REFUSED = "inconnu";

  public RefusingGreenMail(ServerSetup setup) {
    super(setup);
  }

  @Override
  protected Map<String, AbstractServer> createServices(ServerSetup[] config, Managers mgr) {
    // Called from GreenMail's constructor: no field of this class is set yet.
    managers = new Refusing();
    return super.createServices(config, managers);
  }

  private static final class Refusing extends Managers {
    private SmtpManager smtp;

    @Override
    public synchronized SmtpManager getSmtpManager() {
      if (smtp == null) {
        smtp = new SmtpManager(getImapHostManager(), getUserManager()) {
          @Override
          public String checkRecipient(SmtpState state, MailAddress rcpt) {
            return rcpt.getEmail().startsWith(REFUSED) ? "550 5.1.1 <" + rcpt.getEmail() + ">: boîte inconnue" : null;
          }
        };
      }
      return smtp;
    }
  }
}
