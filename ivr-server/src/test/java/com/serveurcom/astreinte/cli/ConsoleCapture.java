package com.serveurcom.astreinte.cli;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The command line writes to the process's standard streams: this captures them for each test and
 * puts the real ones back after it. {@code @RegisterExtension final ConsoleCapture console = ...}.
 */
final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {
  final ByteArrayOutputStream out = new ByteArrayOutputStream();
  final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private PrintStream realOut;
  private PrintStream realErr;
  private InputStream realIn;

  @Override
  public void beforeEach(ExtensionContext context) {
    realOut = System.out;
    realErr = System.err;
    realIn = System.in;
    System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Override
  public void afterEach(ExtensionContext context) {
    System.setIn(realIn);
    System.setOut(realOut);
    System.setErr(realErr);
  }
}
