package com.serveurcom.astreinte.simulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * The simulated {@code <astspool>/voicemail} tree: numbers messages per mailbox like
 * app_voicemail (msg0000, msg0001, ...) and, when asked, writes msgNNNN.txt in the exact format
 * recorded from Asterisk 22 plus a short 8 kHz mono 16-bit WAV, so a voicemail bridge can be
 * tested on real files. One instance per simulator: concurrent calls to one mailbox get distinct
 * numbers.
 */
final class SimulatedVoicemailSpool {

    /** app_voicemail writes {@code origdate} with strftime "%a %b %d %r %Z %Y". */
    private static final DateTimeFormatter ORIGDATE =
            DateTimeFormatter.ofPattern("EEE MMM dd hh:mm:ss a 'UTC' yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);

    private final Path spoolDir;
    private final boolean writeFiles;
    private final ConcurrentHashMap<Path, AtomicInteger> counters = new ConcurrentHashMap<>();

    private final java.time.Clock clock;

    SimulatedVoicemailSpool(Path spoolDir, boolean writeFiles) {
        this(spoolDir, writeFiles, java.time.Clock.systemUTC());
    }

    SimulatedVoicemailSpool(Path spoolDir, boolean writeFiles, java.time.Clock clock) {
        this.spoolDir = spoolDir;
        this.writeFiles = writeFiles;
        this.clock = clock;
    }

    /** What the message's .txt says about the call. */
    record CallFacts(String context, String exten, int priority, String channel, String callerIdAll, String uniqueIdSeq) { }

    VoicemailDeposit deposit(String mailbox, String vmContext, int durationSeconds, CallFacts facts) {
        Path inbox = spoolDir.resolve("voicemail").resolve(vmContext).resolve(mailbox).resolve("INBOX");
        AtomicInteger counter = counters.computeIfAbsent(inbox, this::firstFreeNumber);
        int number = counter.getAndIncrement();
        String name = String.format(Locale.ROOT, "msg%04d", number);
        Path base = inbox.resolve(name);
        if (writeFiles) {
            write(inbox, base, mailbox, durationSeconds, facts, number);
        }
        return new VoicemailDeposit(mailbox, vmContext, number, base, durationSeconds, number + 1, writeFiles);
    }

    private AtomicInteger firstFreeNumber(Path inbox) {
        if (!writeFiles || !Files.isDirectory(inbox)) {
            return new AtomicInteger();
        }
        try (Stream<Path> files = Files.list(inbox)) {
            int max = files.map(p -> p.getFileName().toString())
                    .filter(n -> n.matches("msg\\d{4}\\.txt"))
                    .mapToInt(n -> Integer.parseInt(n.substring(3, 7)))
                    .max().orElse(-1);
            return new AtomicInteger(max + 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void write(Path inbox, Path base, String mailbox, int duration, CallFacts f, int number) {
        Instant now = clock.instant();
        long origtime = now.getEpochSecond();
        String txt = ";\n"
                + "; Message Information file\n"
                + ";\n"
                + "[message]\n"
                + "origmailbox=" + mailbox + "\n"
                + "context=" + f.context() + "\n"
                + "exten=" + f.exten() + "\n"
                + "rdnis=unknown\n"
                + "priority=" + f.priority() + "\n"
                + "callerchan=" + f.channel() + "\n"
                + "callerid=" + f.callerIdAll() + "\n"
                + "origdate=" + ORIGDATE.format(now) + "\n"
                + "origtime=" + origtime + "\n"
                + "category=\n"
                + "msg_id=" + origtime + "-" + String.format(Locale.ROOT, "%08d", number) + "\n"
                + "flag=\n"
                + "duration=" + duration + "\n";
        try {
            Files.createDirectories(inbox);
            // The .wav first: a bridge that watches for .txt files then finds the audio complete.
            Files.write(base.resolveSibling(base.getFileName() + ".wav"), wav(duration));
            Files.writeString(base.resolveSibling(base.getFileName() + ".txt"), txt, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A PCM WAV of {@code seconds} of a 440 Hz tone (the caller leg's tone in the recordings). */
    static byte[] wav(int seconds) {
        int rate = 8000;
        int samples = Math.max(1, seconds) * rate;
        ByteBuffer b = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        b.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + samples * 2)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            b.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return b.array();
    }
}
