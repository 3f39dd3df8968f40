package dev.omnipost.gateway.brands;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import dev.omnipost.gateway.web.Cursor;
import dev.omnipost.gateway.web.Envelope;
import dev.omnipost.gateway.web.Page;
import dev.omnipost.gateway.web.RequiresScope;
import dev.omnipost.gateway.web.Scopes;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * Brands, an agency's clients inside a workspace. Reading needs {@code accounts:read}, writing
 * {@code accounts:write}. A brand-restricted key sees and renames only its own brands (others are
 * 404) and cannot create or delete brands (403 {@code auth.brand_restricted}): a client's key must
 * not be able to widen or remove what it is confined to.
 */
@RestController
class BrandsController {

  static final int MAX_NAME_LENGTH = 200;

  private final BrandRepository brands;

  BrandsController(BrandRepository brands) {
    this.brands = brands;
  }

  record BrandRequest(String name) {}

  @GetMapping("/v1/brands")
  @RequiresScope(Scopes.ACCOUNTS_READ)
  Mono<Page<BrandView>> list(
      Caller caller,
      @RequestParam(required = false) Integer limit,
      @RequestParam(required = false) String cursor) {
    int pageSize = Cursor.limit(limit);
    Cursor after = Cursor.decode(cursor);
    return brands
        .list(caller, after, pageSize + 1)
        .map(rows -> Cursor.page(rows, pageSize, BrandView::createdAt, BrandView::id));
  }

  @PostMapping("/v1/brands")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  Mono<ResponseEntity<Object>> create(
      Caller caller, @RequestBody(required = false) BrandRequest request) {
    requireUnrestricted(caller, "create");
    String name = name(request);
    return brands
        .create(caller.workspaceId(), name)
        .map(brand -> ResponseEntity.status(HttpStatus.CREATED).body(Envelope.of(brand)));
  }

  @GetMapping("/v1/brands/{id}")
  @RequiresScope(Scopes.ACCOUNTS_READ)
  Mono<Envelope<BrandView>> get(Caller caller, @PathVariable String id) {
    return brands
        .find(caller, id)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("brand", id)))
        .map(Envelope::of);
  }

  @PatchMapping("/v1/brands/{id}")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  Mono<Envelope<BrandView>> rename(
      Caller caller, @PathVariable String id, @RequestBody(required = false) BrandRequest request) {
    String name = name(request);
    return brands
        .rename(caller, id, name)
        .switchIfEmpty(Mono.error(() -> ApiException.notFound("brand", id)))
        .map(Envelope::of);
  }

  /**
   * Deletes a brand that nothing belongs to any more: while accounts or webhook endpoints belong to
   * it the answer is 409 {@code brand.in_use} with their counts (move or delete them first), so a
   * delete never silently makes a client's accounts visible workspace-wide. Its media become
   * workspace-wide.
   */
  @DeleteMapping("/v1/brands/{id}")
  @RequiresScope(Scopes.ACCOUNTS_WRITE)
  @ResponseStatus(HttpStatus.NO_CONTENT)
  Mono<Void> delete(Caller caller, @PathVariable String id) {
    requireUnrestricted(caller, "delete");
    return brands
        .deleteIfUnused(caller.workspaceId(), id)
        .flatMap(
            deleted ->
                deleted
                    ? Mono.<Void>empty()
                    : brands
                        .exists(caller.workspaceId(), id)
                        .flatMap(
                            exists ->
                                exists
                                    ? brands
                                        .usage(caller.workspaceId(), id)
                                        .flatMap(usage -> Mono.<Void>error(inUse(id, usage)))
                                    : Mono.<Void>error(ApiException.notFound("brand", id))));
  }

  private static ApiException inUse(String id, BrandRepository.Usage usage) {
    return new ApiException(
        HttpStatus.CONFLICT,
        "brand.in_use",
        "Brand "
            + id
            + " still has "
            + usage.accounts()
            + " account(s) and "
            + usage.webhooks()
            + " webhook endpoint(s); move or delete them first",
        Map.of("accounts", usage.accounts(), "webhooks", usage.webhooks()));
  }

  private static void requireUnrestricted(Caller caller, String action) {
    if (caller.isBrandRestricted()) {
      throw new ApiException(
          HttpStatus.FORBIDDEN,
          "auth.brand_restricted",
          "This API key is restricted to brands and cannot " + action + " brands");
    }
  }

  private static String name(BrandRequest request) {
    String name = request == null || request.name() == null ? "" : request.name().trim();
    if (name.isEmpty()) {
      throw ApiException.invalid(
          "request.missing_field", "name is required", Map.of("field", "name"));
    }
    if (name.length() > MAX_NAME_LENGTH) {
      throw ApiException.invalid(
          "request.invalid_field",
          "name must be at most " + MAX_NAME_LENGTH + " characters",
          Map.of("field", "name", "max", MAX_NAME_LENGTH));
    }
    return name;
  }
}
