package dev.omnipost.sandbox.tiktok;

import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/**
 * Control API for TikTok: which privacy levels a creator's {@code creator_info} offers (a private
 * account offers only {@code SELF_ONLY}, say).
 */
@RestController
class TikTokControlController {

  private final TikTokStore store;

  TikTokControlController(TikTokStore store) {
    this.store = store;
  }

  @PostMapping("/_sandbox/tiktok/creators")
  ResponseEntity<Map<String, Object>> creator(@RequestBody Creator request) {
    if (request.accountId() == null
        || request.privacyLevelOptions() == null
        || request.privacyLevelOptions().isEmpty()) {
      return ResponseEntity.badRequest()
          .body(Map.of("error", "account_id and privacy_level_options are required"));
    }
    store.setPrivacyLevelOptions(request.accountId(), request.privacyLevelOptions());
    return ResponseEntity.ok(
        Map.of(
            "account_id",
            request.accountId(),
            "privacy_level_options",
            request.privacyLevelOptions()));
  }

  record Creator(String accountId, List<String> privacyLevelOptions) {}
}
