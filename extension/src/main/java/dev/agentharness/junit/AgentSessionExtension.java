package dev.agentharness.junit;

import dev.agentharness.clock.ClockMode;
import dev.agentharness.junit.AgentSession.Lifecycle;
import dev.agentharness.ledger.Reconciliation;
import dev.agentharness.scenario.Providers.OpenAiDialect;
import dev.agentharness.scenario.Scenario;
import dev.agentharness.session.SessionListener;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ExtensionContext.Store;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.jupiter.api.extension.TestInstantiationAwareExtension.ExtensionContextScope;
import org.junit.platform.commons.support.AnnotationSupport;
import org.opentest4j.AssertionFailedError;

/**
 * The JUnit Jupiter extension behind {@link AgentSession} (see there for what it does). Register it in code
 * when the configuration is code, e.g. a {@link Scenario} built in Java or a session listener:
 *
 * <pre>{@code
 * @RegisterExtension
 * static AgentSessionExtension agent = AgentSessionExtension.builder()
 *     .scenario(Scenario.builder("balance")...build())
 *     .listener(billing::onEvent)
 *     .build();
 * }</pre>
 *
 * A static field shares one session per class; an instance field gives each test its own (override with
 * {@link Builder#lifecycle}). Use either {@code @AgentSession} or one registered extension per class.
 */
public final class AgentSessionExtension
    implements BeforeAllCallback, BeforeEachCallback, AfterEachCallback, AfterAllCallback, ParameterResolver {

  private static final Namespace NAMESPACE = Namespace.create(AgentSessionExtension.class);

  /** Null for {@code @AgentSession}: its configuration is read from the test class. */
  private final Config config;

  /** For {@code @AgentSession}: the configuration comes from the annotation. */
  AgentSessionExtension() {
    this.config = null;
  }

  private AgentSessionExtension(Config config) {
    this.config = config;
  }

  /** Configures an extension for {@code @RegisterExtension}. */
  public static Builder builder() {
    return new Builder();
  }

  @Override
  public void beforeAll(ExtensionContext context) {
    claim(context);
    context.getStore(NAMESPACE).put(new ClassRegistration(this), Boolean.TRUE);
    settings(context);
  }

  @Override
  public void beforeEach(ExtensionContext context) {
    claim(context);
    Settings settings = settings(context);
    // fail before the test starts anything for a parameter that cannot be had
    for (Parameter p : context.getRequiredTestMethod().getParameters()) {
      if (Injection.claims(p.getType())) Injection.check(p.getType(), settings);
    }
  }

  @Override
  public void afterEach(ExtensionContext context) {
    Settings settings = cachedSettings(context);
    if (settings == null || settings.lifecycle() != Lifecycle.PER_TEST) return;
    finish(context, settings);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    Settings settings = cachedSettings(context);
    if (settings == null || settings.lifecycle() != Lifecycle.PER_CLASS) return;
    finish(classContext(context), settings);
  }

  /** Test-class constructors resolve their parameters in the test's context, so they get the test's values. */
  @Override
  public ExtensionContextScope getTestInstantiationExtensionContextScope(ExtensionContext rootContext) {
    return ExtensionContextScope.TEST_METHOD;
  }

  @Override
  public boolean supportsParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    return Injection.claims(parameterContext.getParameter().getType());
  }

  @Override
  public Object resolveParameter(ParameterContext parameterContext, ExtensionContext extensionContext) {
    Settings settings = settings(extensionContext);
    Class<?> type = parameterContext.getParameter().getType();
    return Injection.resolve(type, settings, () -> harness(extensionContext, settings, parameterContext));
  }

  // ---------------------------------------------------------------- state in the store

  /** Publishes the report entries of the harness of {@code context}, then checks reconciliation if asked to. */
  private static void finish(ExtensionContext context, Settings settings) {
    Harness harness = context.getStore(NAMESPACE).get(new StateKey(context.getUniqueId()), Harness.class);
    if (harness == null) return;
    Map<String, String> entries = UsageReport.of(harness);
    entries.forEach(context::publishReportEntry);
    if (!settings.config().failOnUnreconciledUsage() || context.getExecutionException().isPresent()) return;
    Optional<Reconciliation> r = harness.reconciliation();
    if (r.isPresent() && !r.get().matches()) {
      throw new AssertionFailedError(r.get().report() + "\n(checked because of failOnUnreconciledUsage = true, "
          + settings.where() + ")", r.get().billed().toString(), r.get().collected().toString());
    }
  }

  /** The harness of the test, or of the class with {@link Lifecycle#PER_CLASS}; created on first use. */
  private static Harness harness(ExtensionContext context, Settings settings, ParameterContext parameter) {
    ExtensionContext scope;
    if (settings.lifecycle() == Lifecycle.PER_CLASS) {
      scope = classContext(context);
    } else if (context.getTestMethod().isPresent()) {
      scope = context;
    } else {
      throw new ExtensionConfigurationException(parameter.getParameter().getType().getSimpleName()
          + " is created for each test, so it cannot be injected into " + parameter.getDeclaringExecutable()
          + ": inject it into the test method or a @BeforeEach method, or share one per class with "
          + settings.perClass() + " [" + settings.where() + "]");
    }
    return scope.getStore(NAMESPACE).getOrComputeIfAbsent(new StateKey(scope.getUniqueId()),
        k -> new Harness(settings), Harness.class);
  }

  /** Checks and caches the configuration for the test class of {@code context}. */
  private Settings settings(ExtensionContext context) {
    Settings cached = cachedSettings(context);
    if (cached != null) return cached;
    ExtensionContext classContext = classContext(context);
    Class<?> testClass = classContext.getRequiredTestClass();
    boolean classRegistered = classContext.getStore(NAMESPACE).get(new ClassRegistration(this)) != null;
    Settings settings = Settings.resolve(configFor(classContext), testClass, classRegistered);
    // computed again by a concurrent test at worst: the result is the same
    classContext.getStore(NAMESPACE).put(new SettingsKey(this, classContext.getUniqueId()), settings);
    return settings;
  }

  private Settings cachedSettings(ExtensionContext context) {
    ExtensionContext classContext = classContext(context);
    return classContext.getStore(NAMESPACE).get(new SettingsKey(this, classContext.getUniqueId()), Settings.class);
  }

  private Config configFor(ExtensionContext classContext) {
    if (config != null) return config;
    return AnnotationSupport.findAnnotation(classContext.getRequiredTestClass(), AgentSession.class,
        classContext.getEnclosingTestClasses()).map(Config::of).orElse(Config.DEFAULTS);
  }

  /** Only one AgentSessionExtension may serve a test: two would compete for the same parameters. */
  private void claim(ExtensionContext context) {
    Object owner = context.getStore(NAMESPACE).getOrComputeIfAbsent(new OwnerKey(context.getUniqueId()), k -> this);
    if (owner != this) {
      throw new ExtensionConfigurationException(context.getRequiredTestClass().getName()
          + " registers AgentSessionExtension twice (@AgentSession and a @RegisterExtension field, or two fields,"
          + " possibly one of them on an enclosing class): keep one");
    }
  }

  /** The context of the innermost test class: the class itself for a class context, its parent for a test. */
  private static ExtensionContext classContext(ExtensionContext context) {
    ExtensionContext c = context;
    while (c.getTestMethod().isPresent() && c.getParent().isPresent()) c = c.getParent().get();
    return c;
  }

  /** Where the harness of a test or class context lives. */
  private record StateKey(String contextId) {}

  /** The checked configuration of one extension for one class. */
  private record SettingsKey(AgentSessionExtension extension, String classContextId) {}

  /** Marks an extension registered for the whole class (a static field): its default lifecycle is per class. */
  private record ClassRegistration(AgentSessionExtension extension) {}

  /** Which extension serves a context. */
  private record OwnerKey(String contextId) {}

  /**
   * Configures an {@link AgentSessionExtension} for {@code @RegisterExtension}; the same settings as
   * {@link AgentSession}'s attributes, with the same defaults, plus what only code can give.
   */
  public static final class Builder {
    private String scenarioResource = "";
    private Scenario scenario;
    private Set<Fake> fakes = Set.of();
    private final List<SessionListener> listeners = new ArrayList<>();
    private ClockMode clock = ClockMode.VIRTUAL;
    private OpenAiDialect dialect = OpenAiDialect.GA;
    private String apiKey = "";
    private boolean tls;
    private boolean failOnUnreconciledUsage;
    private Lifecycle lifecycle;

    private Builder() {}

    /** The scenario to play, built in code. */
    public Builder scenario(Scenario scenario) {
      this.scenario = Objects.requireNonNull(scenario, "scenario");
      this.scenarioResource = "";
      return this;
    }

    /** The scenario to play: a {@code .json} classpath resource, as {@link AgentSession#scenario()}. */
    public Builder scenario(String classpathResource) {
      this.scenarioResource = Objects.requireNonNull(classpathResource, "classpathResource").strip();
      this.scenario = null;
      return this;
    }

    /** The fakes to start, as {@link AgentSession#fakes()}; replaces earlier calls. */
    public Builder fakes(Fake... fakes) {
      this.fakes = Config.setOf(fakes);
      return this;
    }

    /** Receives the events of every session this extension creates (needs a scenario); may be called again. */
    public Builder listener(SessionListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** As {@link AgentSession#clock()}; {@link ClockMode#VIRTUAL} by default. */
    public Builder clock(ClockMode clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** As {@link AgentSession#dialect()}; {@link OpenAiDialect#GA} by default. */
    public Builder dialect(OpenAiDialect dialect) {
      this.dialect = Objects.requireNonNull(dialect, "dialect");
      return this;
    }

    /** As {@link AgentSession#apiKey()}; a random key per session by default. */
    public Builder apiKey(String apiKey) {
      this.apiKey = Objects.requireNonNull(apiKey, "apiKey");
      return this;
    }

    /** As {@link AgentSession#tls()}; {@code false} by default. */
    public Builder tls(boolean tls) {
      this.tls = tls;
      return this;
    }

    /** As {@link AgentSession#failOnUnreconciledUsage()}; {@code false} by default. */
    public Builder failOnUnreconciledUsage(boolean fail) {
      this.failOnUnreconciledUsage = fail;
      return this;
    }

    /**
     * As {@link AgentSession#lifecycle()}. By default it follows the field: per class for a static
     * {@code @RegisterExtension} field, per test for an instance field.
     */
    public Builder lifecycle(Lifecycle lifecycle) {
      this.lifecycle = Objects.requireNonNull(lifecycle, "lifecycle");
      return this;
    }

    public AgentSessionExtension build() {
      return new AgentSessionExtension(new Config(scenarioResource, scenario, fakes, listeners, clock, dialect, apiKey,
          tls, failOnUnreconciledUsage, lifecycle, false));
    }
  }
}
