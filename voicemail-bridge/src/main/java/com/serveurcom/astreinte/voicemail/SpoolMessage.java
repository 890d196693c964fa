package com.serveurcom.astreinte.voicemail;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A message as it sits in the spool right now.
 *
 * @param messageFile the path without extension, as {@code VM_MESSAGEFILE} names it; valid only until
 *     Asterisk renumbers the folder, so keep {@link MessageMetadata#msgId()} instead
 * @param audio the {@code .wav} next to it, empty when Asterisk wrote none (another format, or gone)
 */
public record SpoolMessage(MessageMetadata metadata, Path messageFile, Optional<Path> audio) {
  public String msgId() {
    return metadata.msgId();
  }
}
