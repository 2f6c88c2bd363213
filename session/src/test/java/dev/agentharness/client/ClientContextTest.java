package dev.agentharness.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.agentharness.clock.SessionClock;
import java.net.InetAddress;
import java.net.SocketTimeoutException;
import java.net.UnknownServiceException;
import java.net.ServerSocket;
import okhttp3.ConnectionSpec;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class ClientContextTest {

  @Test
  void aCleartextOnlyContextRefusesHttpsBeforeSendingAnything() throws Exception {
    try (SessionClock clock = SessionClock.virtual();
        ClientContext context = ClientContext.builder(clock).cleartextOnly().build();
        ServerSocket listening = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      assertThat(context.http().connectionSpecs()).containsExactly(ConnectionSpec.CLEARTEXT);
      String https = "https://127.0.0.1:" + listening.getLocalPort() + "/";
      assertThatThrownBy(() -> context.http().newCall(new Request.Builder().url(https).build()).execute())
          .isInstanceOf(UnknownServiceException.class)
          .hasMessage("this ClientContext is cleartext-only (ClientContext.Builder.cleartextOnly()), so it does not"
              + " dial " + https);
      listening.setSoTimeout(200);
      assertThatThrownBy(listening::accept).as("nothing was sent").isInstanceOf(SocketTimeoutException.class);
    }
  }

  @Test
  void byDefaultAContextCanDialHttps() throws Exception {
    try (SessionClock clock = SessionClock.virtual(); ClientContext context = ClientContext.builder(clock).build()) {
      assertThat(context.http().connectionSpecs()).contains(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT);
    }
  }
}
