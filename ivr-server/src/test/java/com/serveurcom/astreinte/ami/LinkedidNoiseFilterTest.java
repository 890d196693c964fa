package com.serveurcom.astreinte.ami;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.net.URL;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

/** The shipped logback.xml drops asterisk-java's linkedid false alarm and nothing else. */
class LinkedidNoiseFilterTest {

  /** The warning exactly as asterisk-java 3.42.2 (EventAttributesHelper) builds it. */
  static String noSetter(String property, Class<?> event) {
    return "Unable to set property '" + property + "' to 'pbx-1795795927.0' on " + event.getName()
        + ": no setter. Please report at https://github.com/asterisk-java/asterisk-java/issues";
  }

  @Test
  void onlyTheLinkedidWarningIsDropped() throws Exception {
    LoggerContext context = new LoggerContext();
    JoranConfigurator config = new JoranConfigurator();
    config.setContext(context);
    URL shipped = getClass().getClassLoader().getResource("logback.xml");
    assertThat(shipped).as("the shipped logback.xml").isNotNull();
    config.doConfigure(shipped);
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    seen.setContext(context);
    seen.start();
    context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(seen);

    Logger helper = context.getLogger(LinkedidNoiseFilter.LOGGER);
    helper.warn(noSetter("linkedid", org.asteriskjava.manager.event.MessageWaitingEvent.class));
    helper.warn(noSetter("linkedid", org.asteriskjava.manager.event.DtmfEndEvent.class));
    helper.warn(noSetter("queueposition", org.asteriskjava.manager.event.MessageWaitingEvent.class));
    context.getLogger("org.asteriskjava.manager.internal.ManagerConnectionImpl").warn("Unable to set property 'linkedid' elsewhere");
    helper.error("Unable to set Dynamic CDR Property 'linkedid' to 'x'");

    assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage).containsExactly(
        noSetter("queueposition", org.asteriskjava.manager.event.MessageWaitingEvent.class),
        "Unable to set property 'linkedid' elsewhere",
        "Unable to set Dynamic CDR Property 'linkedid' to 'x'");
    context.stop();
  }

  /**
   * The same through asterisk-java itself: a MessageWaiting event as Asterisk 22 sends it (with
   * Linkedid) is built with the shipped logback.xml in force; a header nobody knows still warns.
   */
  @Test
  void asteriskJavaBuildingAnAsterisk22EventLogsNothingForLinkedid() throws Exception {
    LoggerContext global = (LoggerContext) org.slf4j.LoggerFactory.getILoggerFactory();
    ListAppender<ILoggingEvent> seen = new ListAppender<>();
    try {
      global.reset();
      JoranConfigurator config = new JoranConfigurator();
      config.setContext(global);
      config.doConfigure(getClass().getClassLoader().getResource("logback.xml"));
      seen.setContext(global);
      seen.start();
      global.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).addAppender(seen);

      var event = new org.asteriskjava.manager.event.MessageWaitingEvent(this);
      java.util.Map<String, Object> headers = new java.util.LinkedHashMap<>();
      headers.put("mailbox", "100@astreinte");
      headers.put("linkedid", "pbx-1795795927.0");
      headers.put("nosuchheader", "x");
      org.asteriskjava.manager.util.EventAttributesHelper.setAttributes(event, headers, java.util.Set.of());

      assertThat(event.getMailbox()).isEqualTo("100@astreinte");
      assertThat(seen.list).extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(m -> m.contains("'linkedid'"))
          .anyMatch(m -> m.startsWith("Unable to set property 'nosuchheader'"));
    } finally {
      global.reset();
      JoranConfigurator config = new JoranConfigurator();
      config.setContext(global);
      config.doConfigure(getClass().getClassLoader().getResource("logback-test.xml"));
    }
  }
}
