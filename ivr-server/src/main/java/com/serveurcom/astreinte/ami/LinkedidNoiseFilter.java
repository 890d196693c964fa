package com.serveurcom.astreinte.ami;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.Marker;

/**
 * Drops one known false alarm of asterisk-java 3.42.2: Asterisk 22 puts a {@code Linkedid} header on
 * every channel event, and asterisk-java's classes for some of them (MessageWaiting, DTMFBegin/End, ...)
 * have no such property, so each one logs « Unable to set property 'linkedid' ... no setter. Please
 * report » (five per voicemail). Only that exact warning of that logger is dropped: a missing setter for
 * any other property, and every other asterisk-java warning, still shows. Installed by logback.xml.
 */
public final class LinkedidNoiseFilter extends TurboFilter {
  static final String LOGGER = "org.asteriskjava.manager.util.EventAttributesHelper";
  private static final String PREFIX = "Unable to set property 'linkedid' to '";

  @Override
  public FilterReply decide(Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == Level.WARN && format != null && LOGGER.equals(logger.getName()) && format.startsWith(PREFIX)
        && format.contains(": no setter.")) {
      return FilterReply.DENY;
    }
    return FilterReply.NEUTRAL;
  }
}
