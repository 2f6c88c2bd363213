package dev.agentharness.clock;

/**
 * One connection between a fake and a client, as the virtual clock sees it: units (frames or bytes)
 * sent and not yet handled are in flight, and time does not advance while anything is in flight.
 *
 * <p>The sender calls {@link #sent} before it sends; the receiver calls {@link #handled} once it has
 * fully handled what it read (metrics emitted). {@link #close} drops whatever is still in flight, so a
 * broken connection never holds the clock.
 */
public interface Link extends AutoCloseable {

  /** A link that counts nothing: for peers that do not report what they handled. */
  Link UNTRACKED = new Link() {
    public String id() {
      return "untracked";
    }

    public void sent(long units) {}

    public void handled(long units) {}

    public boolean isOpen() {
      return true;
    }

    public void close() {}
  };

  /** The id both sides know the link by; the client sends it in the {@value #HEADER} header. */
  String id();

  void sent(long units);

  void handled(long units);

  boolean isOpen();

  /** Stops counting; units still in flight no longer hold the clock. */
  @Override
  void close();

  /** The handshake header in which a reference client names its link. */
  String HEADER = "Agentharness-Link";
}
