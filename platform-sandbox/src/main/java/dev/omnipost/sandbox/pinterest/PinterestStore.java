package dev.omnipost.sandbox.pinterest;

import dev.omnipost.sandbox.control.Resettable;
import dev.omnipost.sandbox.control.SandboxAccount;
import dev.omnipost.sandbox.control.SandboxPost;
import dev.omnipost.sandbox.control.SandboxPostSource;
import dev.omnipost.sandbox.control.SandboxUpload;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/** The boards, pins and video uploads of the simulated Pinterest users. */
@Component
class PinterestStore
    implements SandboxPostSource, Resettable, dev.omnipost.sandbox.state.PersistentState {

  @Override
  public String stateName() {
    return "pinterest";
  }

  @Override
  public String pathSegment() {
    return "pinterest";
  }

  static final String PLATFORM = "pinterest";

  private final PinterestSettings settings;
  private final Clock clock;
  private final AtomicLong ids = new AtomicLong(1_125_000_000_000_000_000L);
  private final Map<String, Board> boards = new LinkedHashMap<>();
  private final Map<String, Pin> pins = new LinkedHashMap<>();
  private final Map<String, Video> videos = new LinkedHashMap<>();

  PinterestStore(PinterestSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public String platform() {
    return PLATFORM;
  }

  synchronized Board createBoard(SandboxAccount account, String name, String description) {
    if (name == null || name.isBlank()) {
      throw PinterestErrors.invalid("name is required.");
    }
    Board board = new Board(nextId(), account.accountId(), account.username(), name, description);
    boards.put(board.id(), board);
    return board;
  }

  /** A board with a chosen id (the control API): registering it again keeps it. */
  synchronized Board putBoard(String accountId, String username, String id, String name) {
    Board existing = boards.get(id);
    if (existing != null && existing.accountId().equals(accountId)) {
      return existing;
    }
    Board board = new Board(id, accountId, username, name, null);
    boards.put(id, board);
    return board;
  }

  synchronized List<Board> boards(SandboxAccount account) {
    return boards.values().stream().filter(b -> b.accountId().equals(account.accountId())).toList();
  }

  synchronized Board ownBoard(SandboxAccount account, String boardId) {
    Board board = boardId == null ? null : boards.get(boardId);
    if (board == null || !board.accountId().equals(account.accountId())) {
      throw PinterestErrors.boardNotFound();
    }
    return board;
  }

  synchronized Pin createPin(SandboxAccount account, Board board, PinContent content) {
    Pin pin =
        new Pin(
            nextId(),
            account.accountId(),
            account.username(),
            board.id(),
            content,
            clock.instant());
    pins.put(pin.id(), pin);
    return pin;
  }

  synchronized Optional<Pin> pin(SandboxAccount account, String id) {
    return Optional.ofNullable(pins.get(id)).filter(p -> p.accountId().equals(account.accountId()));
  }

  synchronized boolean delete(SandboxAccount account, String id) {
    return pin(account, id).map(p -> pins.remove(p.id()) != null).orElse(false);
  }

  /** The board's pins, newest first. */
  synchronized List<Pin> boardPins(String boardId, int limit) {
    return pins.values().stream()
        .filter(p -> p.boardId().equals(boardId))
        .sorted(Comparator.comparing(Pin::createdAt).reversed())
        .limit(limit)
        .toList();
  }

  /** The pin's lifetime counters: they grow with its age. */
  synchronized Map<String, Long> lifetimeMetrics(Pin pin) {
    long age = Math.max(0, Duration.between(pin.createdAt(), clock.instant()).toSeconds());
    Map<String, Long> metrics = new LinkedHashMap<>();
    metrics.put("IMPRESSION", 3 * age);
    metrics.put("SAVE", age / 15);
    metrics.put("PIN_CLICK", age / 10);
    metrics.put("OUTBOUND_CLICK", age / 30);
    return metrics;
  }

  synchronized Video registerVideo(SandboxAccount account) {
    Video video = new Video(nextId(), account.accountId(), clock.instant());
    videos.put(video.id, video);
    return video;
  }

  /** The upload URL's POST: the file arrived, processing starts. */
  synchronized Optional<Video> receive(String mediaId, byte[] bytes) {
    Video video = videos.get(mediaId);
    if (video != null && video.status.equals("registered")) {
      video.status = settings.mediaPollsBeforeSucceeded() == 0 ? "succeeded" : "processing";
      video.isVideoFile = bytes.length >= 8 && new String(bytes, 4, 4).equals("ftyp");
      if (!video.isVideoFile) {
        video.status = "failed";
      }
    }
    return Optional.ofNullable(video);
  }

  /** The upload as its owner sees it; each poll moves processing along. */
  synchronized Optional<Video> pollVideo(SandboxAccount account, String mediaId) {
    Video video = videos.get(mediaId);
    if (video == null || !video.accountId.equals(account.accountId())) {
      return Optional.empty();
    }
    if (video.status.equals("processing")
        && ++video.polls >= settings.mediaPollsBeforeSucceeded()) {
      video.status = "succeeded";
    }
    return Optional.of(video);
  }

  synchronized Optional<Video> video(SandboxAccount account, String mediaId) {
    return Optional.ofNullable(videos.get(mediaId))
        .filter(v -> v.accountId.equals(account.accountId()));
  }

  @Override
  public synchronized List<SandboxPost> posts(String accountId) {
    List<SandboxPost> list = new ArrayList<>();
    for (Pin pin : pins.values()) {
      if (accountId == null || pin.accountId().equals(accountId)) {
        list.add(
            new SandboxPost(
                PLATFORM,
                pin.accountId(),
                pin.id(),
                pin.content().description(),
                pin.content().imageUrl() != null
                    ? List.of(pin.content().imageUrl())
                    : List.of("video:" + pin.content().videoId()),
                null,
                pin.createdAt(),
                "https://www.pinterest.com/pin/" + pin.id() + "/"));
      }
    }
    return list;
  }

  @Override
  public synchronized List<SandboxUpload> uploads(String accountId) {
    return videos.values().stream()
        .filter(v -> accountId == null || v.accountId.equals(accountId))
        .map(v -> new SandboxUpload(PLATFORM, v.accountId, v.id, "media", v.createdAt))
        .toList();
  }

  @Override
  public synchronized void reset() {
    boards.clear();
    pins.clear();
    videos.clear();
  }

  private String nextId() {
    return String.valueOf(ids.incrementAndGet());
  }

  record Board(String id, String accountId, String username, String name, String description)
      implements java.io.Serializable {}

  /** What a pin shows: an image URL, or an uploaded video with its cover. */
  record PinContent(
      String title,
      String description,
      String link,
      String altText,
      String imageUrl,
      String videoId,
      String coverImageUrl)
      implements java.io.Serializable {}

  record Pin(
      String id,
      String accountId,
      String username,
      String boardId,
      PinContent content,
      Instant createdAt)
      implements java.io.Serializable {}

  /** A video upload: registered, processing once the file arrived, then succeeded or failed. */
  static final class Video implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    final String id;
    final String accountId;
    final Instant createdAt;
    String status = "registered";
    boolean isVideoFile;
    int polls;

    Video(String id, String accountId, Instant createdAt) {
      this.id = id;
      this.accountId = accountId;
      this.createdAt = createdAt;
    }
  }
}
