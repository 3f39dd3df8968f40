package dev.omnipost.bench;

import com.sun.net.httpserver.HttpServer;
import dev.omnipost.events.CloudEventCodec;
import dev.omnipost.events.Ids;
import dev.omnipost.events.Topics;
import dev.omnipost.events.posts.PostCreated;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * (c) measured on the webhook dispatcher alone: {@code post.created} CloudEvents are produced
 * straight onto {@code omnipost.events} (as the outbox relay does: key = workspace id, structured
 * mode), as fast as the producer goes, so the dispatcher meets a backlog and ingest ({@code POST
 * /v1/posts}) is out of the picture. Every endpoint has its own path on the receiver, which counts
 * each (endpoint, {@code webhook-id}) once and every repeat as a duplicate. The figure is the
 * deliveries per second from the first delivery to the last, and the stack's CPU per delivery over
 * the same window (fan-out, delivery, storage and the broker; PostgreSQL not included).
 */
final class DispatcherThroughput {

  private static final String FAR_FUTURE = Instant.now().plus(Duration.ofDays(365)).toString();

  private final ApiClient api;
  private final String operatorToken;
  private final String bootstrap;

  DispatcherThroughput(ApiClient api, String operatorToken, String bootstrap) {
    this.api = api;
    this.operatorToken = operatorToken;
    this.bootstrap = bootstrap;
  }

  /** What one run measured. */
  record Result(
      long expected,
      long received,
      long duplicates,
      double perSecond,
      double medianSecond,
      OptionalDouble cpuMillisPerDelivery,
      OptionalDouble postgresMillisPerDelivery,
      List<ThreadCpu.Group> threads) {}

  Result run(
      int events, int endpoints, int warmUpEvents, int port, StackCpu cpu, Long postgresPid) {
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicLong received = new AtomicLong();
    AtomicLong duplicates = new AtomicLong();
    AtomicLong firstAt = new AtomicLong();
    AtomicLong lastAt = new AtomicLong();
    HttpServer receiver;
    try {
      receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 1024);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ExecutorService pool = Executors.newFixedThreadPool(16);
    receiver.setExecutor(pool);
    receiver.createContext(
        "/d/",
        exchange -> {
          exchange.getRequestBody().readAllBytes();
          String id = exchange.getRequestHeaders().getFirst("webhook-id");
          exchange.sendResponseHeaders(204, -1);
          exchange.close();
          if (id != null && exchange.getRequestHeaders().getFirst("webhook-signature") != null) {
            long now = System.nanoTime();
            if (seen.add(exchange.getRequestURI().getPath() + " " + id)) {
              firstAt.compareAndSet(0, now);
              lastAt.set(now);
              received.incrementAndGet();
            } else {
              duplicates.incrementAndGet();
            }
          }
        });
    receiver.start();
    try (KafkaProducer<String, byte[]> producer = producer(bootstrap)) {
      BenchWorkspace workspace = BenchWorkspace.create(api, operatorToken);
      String base = "http://127.0.0.1:" + receiver.getAddress().getPort() + "/d/";
      for (int i = 0; i < endpoints; i++) {
        api.post(
            api.gatewayUrl() + "/v1/webhooks",
            workspace.apiKey(),
            Map.of("url", base + i, "events", List.of("post.created")));
      }
      CloudEventCodec codec = new CloudEventCodec("bench");
      // warm-up: the same path, not measured
      produce(producer, codec, workspace, warmUpEvents);
      await(received, (long) warmUpEvents * endpoints, Duration.ofSeconds(60));
      seen.clear();
      received.set(0);
      duplicates.set(0);
      firstAt.set(0);

      long expected = (long) events * endpoints;
      List<Long> perSecond = new ArrayList<>();
      java.util.concurrent.ScheduledExecutorService sampler = sampler(received, perSecond);
      Map<String, Long> threadsBefore = ThreadCpu.snapshot(cpu);
      long cpuBefore = cpu == null ? 0 : cpu.millis();
      long pgBefore = ThreadCpu.processTreeMillis(postgresPid);
      long started = System.nanoTime();
      produce(producer, codec, workspace, events);
      System.out.printf(
          "dispatcher: %d events produced in %d ms%n",
          events, Duration.ofNanos(System.nanoTime() - started).toMillis());
      await(received, expected, Duration.ofSeconds(120));
      long cpuAfter = cpu == null ? 0 : cpu.millis();
      long pgAfter = ThreadCpu.processTreeMillis(postgresPid);
      Map<String, Long> threadsAfter = ThreadCpu.snapshot(cpu);
      sampler.shutdownNow();
      // late duplicates of a delivery that timed out show up a little after the last one
      Pause.of(Duration.ofSeconds(2));
      long got = received.get();
      double seconds = Math.max(1e-9, (lastAt.get() - firstAt.get()) / 1e9);
      double median;
      synchronized (perSecond) {
        List<Long> busy = perSecond.stream().filter(n -> n > 0).sorted().toList();
        median = busy.isEmpty() ? 0 : busy.get(busy.size() / 2);
      }
      return new Result(
          expected,
          got,
          duplicates.get(),
          got / seconds,
          median,
          cpu == null || got == 0
              ? OptionalDouble.empty()
              : OptionalDouble.of((double) (cpuAfter - cpuBefore) / got),
          postgresPid == null || got == 0
              ? OptionalDouble.empty()
              : OptionalDouble.of((double) (pgAfter - pgBefore) / got),
          ThreadCpu.difference(threadsBefore, threadsAfter));
    } finally {
      receiver.stop(0);
      pool.shutdownNow();
    }
  }

  static KafkaProducer<String, byte[]> producer(String bootstrap) {
    Properties props = new Properties();
    props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    props.put(ProducerConfig.ACKS_CONFIG, "all");
    props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
    props.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
    props.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
    return new KafkaProducer<>(props);
  }

  /** {@code count} events of one workspace, keyed as the relay keys them; waits for the acks. */
  static void produce(
      KafkaProducer<String, byte[]> producer,
      CloudEventCodec codec,
      BenchWorkspace workspace,
      int count) {
    byte[] contentType = CloudEventCodec.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < count; i++) {
      String postId = Ids.newId("pst");
      PostCreated created =
          new PostCreated(
              postId, "scheduled", List.of(workspace.accountId()), Instant.parse(FAR_FUTURE));
      ProducerRecord<String, byte[]> record =
          new ProducerRecord<>(
              Topics.EVENTS,
              workspace.workspaceId(),
              CloudEventCodec.encode(codec.wrap(created, workspace.workspaceId(), postId)));
      record.headers().add(CloudEventCodec.CONTENT_TYPE_HEADER, contentType);
      producer.send(record);
    }
    producer.flush();
  }

  private static void await(AtomicLong received, long expected, Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (received.get() < expected && System.nanoTime() < deadline) {
      Pause.of(Duration.ofMillis(20));
    }
  }

  /**
   * A daemon thread adding, each second, how many {@code received} grew by to {@code perSecond}.
   */
  static java.util.concurrent.ScheduledExecutorService sampler(
      AtomicLong received, List<Long> perSecond) {
    java.util.concurrent.ScheduledExecutorService sampler =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor(
            runnable -> {
              Thread thread = new Thread(runnable, "bench-sampler");
              thread.setDaemon(true);
              return thread;
            });
    long[] last = {received.get()};
    sampler.scheduleAtFixedRate(
        () -> {
          long now = received.get();
          synchronized (perSecond) {
            perSecond.add(now - last[0]);
          }
          last[0] = now;
        },
        1,
        1,
        java.util.concurrent.TimeUnit.SECONDS);
    return sampler;
  }
}
