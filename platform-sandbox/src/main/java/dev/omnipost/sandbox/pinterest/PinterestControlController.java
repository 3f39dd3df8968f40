package dev.omnipost.sandbox.pinterest;

import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * Gives a simulated Pinterest user a board with a known id before it signs in, so a connect can
 * offer it as the default board and a restart of the in-memory sandbox can give it back.
 */
@RestController
class PinterestControlController {

  private final PinterestStore store;

  PinterestControlController(PinterestStore store) {
    this.store = store;
  }

  record BoardRequest(String accountId, String username, String boardId, String name) {}

  @PostMapping("/_sandbox/pinterest/boards")
  @ResponseStatus(HttpStatus.CREATED)
  Map<String, Object> board(@RequestBody BoardRequest request) {
    if (request.accountId() == null || request.boardId() == null || request.name() == null) {
      throw new IllegalArgumentException("account_id, board_id and name are required");
    }
    if (!request.boardId().matches("\\d{1,19}")) {
      throw new IllegalArgumentException("board_id must be digits, as Pinterest's ids are");
    }
    PinterestStore.Board board =
        store.putBoard(
            request.accountId(),
            request.username() == null ? request.accountId() : request.username(),
            request.boardId(),
            request.name());
    return Map.of("id", board.id(), "name", board.name(), "account_id", board.accountId());
  }

  @ExceptionHandler(IllegalArgumentException.class)
  ResponseEntity<Map<String, String>> badInput(IllegalArgumentException failure) {
    return ResponseEntity.badRequest().body(Map.of("error", failure.getMessage()));
  }
}
