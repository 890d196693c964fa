package com.serveurcom.astreinte.agi;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.LongConsumer;
import org.asteriskjava.util.SocketConnectionFacade;

/**
 * A FastAGI connection whose header block has already arrived (read by {@link CallReception}),
 * handed to asterisk-java for the call: it gives the header lines back first, then reads Asterisk's
 * replies. Unlike asterisk-java's own reader, every line is capped at
 * {@link HeaderLimits#MAX_LINE_BYTES}: a peer cannot make us buffer without limit.
 */
final class AgiConnection implements SocketConnectionFacade {
  private final SocketChannel channel;
  private final Socket socket;
  private final InputStream in;
  private final OutputStream out;
  private final Deque<String> header;
  private final byte[] buffer;
  private int position;
  private int limit;
  private byte[] line = new byte[256];
  private final LongConsumer thinkTimes;
  /** When the last reply (or the header) was read, while no command has followed it yet; 0 once one has. */
  private long sinceReply;

  /**
   * @param channel a connected channel, already in blocking mode
   * @param header the header lines (trimmed), without the empty line that ended the block
   * @param rest bytes that arrived after the header block, if any
   * @param readTimeoutMillis how long one reply may take (a Queue or a Dial can last many minutes)
   * @param thinkTimes told, for each command, the nanoseconds since the reply (or header) it follows
   */
  AgiConnection(SocketChannel channel, List<String> header, ByteBuffer rest, int readTimeoutMillis,
      LongConsumer thinkTimes) throws IOException {
    this.sinceReply = System.nanoTime();
    this.thinkTimes = thinkTimes;
    this.channel = channel;
    this.socket = channel.socket();
    socket.setSoTimeout(readTimeoutMillis);
    socket.setTcpNoDelay(true);
    this.in = socket.getInputStream();
    this.out = new BufferedOutputStream(socket.getOutputStream(), 512);
    this.header = new ArrayDeque<>(header);
    this.header.add("");
    this.buffer = new byte[Math.max(4096, rest.remaining())];
    this.limit = rest.remaining();
    rest.get(buffer, 0, limit);
  }

  @Override
  public String readLine() throws IOException {
    String h = header.poll();
    if (h != null) {
      return h;
    }
    int length = 0;
    while (true) {
      if (position == limit) {
        int n = in.read(buffer, 0, buffer.length);
        if (n < 0) {
          return length == 0 ? null : text(length);
        }
        position = 0;
        limit = n;
      }
      int start = position;
      while (position < limit && buffer[position] != '\n') {
        position++;
      }
      int chunk = position - start;
      if (length + chunk > HeaderLimits.MAX_LINE_BYTES) {
        throw new IOException("line longer than " + HeaderLimits.MAX_LINE_BYTES + " bytes from " + getRemoteAddress());
      }
      if (length + chunk > line.length) {
        line = Arrays.copyOf(line, Math.min(HeaderLimits.MAX_LINE_BYTES, Math.max(line.length * 2, length + chunk)));
      }
      System.arraycopy(buffer, start, line, length, chunk);
      length += chunk;
      if (position < limit) {
        position++; // the LF
        sinceReply = System.nanoTime();
        return text(length);
      }
    }
  }

  private String text(int length) {
    int end = length > 0 && line[length - 1] == '\r' ? length - 1 : length;
    return new String(line, 0, end, StandardCharsets.UTF_8);
  }

  @Override
  public void write(String s) throws IOException {
    if (sinceReply != 0) {
      thinkTimes.accept(System.nanoTime() - sinceReply);
      sinceReply = 0;
    }
    out.write(s.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    channel.close();
  }

  @Override
  public boolean isConnected() {
    return channel.isConnected();
  }

  @Override
  public InetAddress getLocalAddress() {
    return socket.getLocalAddress();
  }

  @Override
  public int getLocalPort() {
    return socket.getLocalPort();
  }

  @Override
  public InetAddress getRemoteAddress() {
    return socket.getInetAddress();
  }

  @Override
  public int getRemotePort() {
    return socket.getPort();
  }
}
