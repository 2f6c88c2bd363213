package dev.agentharness.fake.wiremock;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

import com.github.tomakehurst.wiremock.WireMockServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInstance;

/** One WireMock server per test class on 127.0.0.1, emptied before each test; one OkHttp client. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WireMockTestBase {

  WireMockServer server;
  Http http;

  @BeforeAll
  void startServer() {
    server = new WireMockServer(wireMockConfig().dynamicPort().bindAddress("127.0.0.1"));
    server.start();
    http = new Http();
  }

  @BeforeEach
  void reset() {
    server.resetAll();
  }

  @AfterAll
  void stopServer() {
    http.close();
    server.stop();
  }

  String url(String path) {
    return "http://127.0.0.1:" + server.port() + path;
  }
}
