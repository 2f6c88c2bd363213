package dev.agentharness.junit;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * WireMock (and the Jetty it brings) is for the optional fake-providers-wiremock module only. The test classpath
 * of agentharness-junit holds its whole runtime classpath, so WireMock arriving here (directly or through a
 * dependency) fails this test; the parent POM's enforcer rule fails the build first.
 */
class NoWireMockOnTheClasspathTest {

  @Test
  void wireMockIsNotOnTheClasspath() {
    assertThatThrownBy(() -> Class.forName("com.github.tomakehurst.wiremock.WireMockServer"))
        .isInstanceOf(ClassNotFoundException.class);
    assertThatThrownBy(() -> Class.forName("org.eclipse.jetty.server.Server"))
        .isInstanceOf(ClassNotFoundException.class);
  }
}
