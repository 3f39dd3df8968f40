package dev.omnipost.gateway.brands;

import dev.omnipost.gateway.web.ApiException;
import dev.omnipost.gateway.web.Caller;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Decides which brand a new resource (media, a webhook endpoint) or a moved account belongs to, the
 * same way for every feature:
 *
 * <ul>
 *   <li>a {@code brand_id} the request names must be a brand of the workspace that the key may use,
 *       else 400 {@code brand.unknown} (the same answer whether the brand exists elsewhere or not);
 *   <li>without one, an unrestricted key makes a workspace-wide resource (no brand), a key
 *       restricted to exactly one brand makes one of that brand, and a key restricted to several
 *       must name one (400 {@code request.missing_field}).
 * </ul>
 */
@Component
public class BrandAssignment {

  private final BrandRepository brands;

  BrandAssignment(BrandRepository brands) {
    this.brands = brands;
  }

  /** The brand the new resource belongs to; empty means workspace-wide. */
  public Mono<Optional<String>> brandFor(Caller caller, String requested) {
    if (requested != null) {
      return usable(caller, requested).map(Optional::of);
    }
    if (!caller.isBrandRestricted()) {
      return Mono.just(Optional.empty());
    }
    if (caller.brandIds().size() == 1) {
      return Mono.just(Optional.of(caller.brandIds().iterator().next()));
    }
    return Mono.error(
        ApiException.invalid(
            "request.missing_field",
            "This API key is restricted to several brands: name the brand_id this belongs to",
            Map.of(
                "field",
                "brand_id",
                "valid_values",
                caller.brandIds().stream().sorted().toList())));
  }

  /** {@code brandId} if it is a brand of the workspace the key may use, else 400. */
  public Mono<String> usable(Caller caller, String brandId) {
    if (brandId.isBlank() || !caller.mayAccessBrand(brandId)) {
      return Mono.error(() -> unknown(brandId));
    }
    return brands
        .exists(caller.workspaceId(), brandId)
        .flatMap(found -> found ? Mono.just(brandId) : Mono.error(() -> unknown(brandId)));
  }

  /** 400 {@code brand.unknown} for a {@code brand_id} field naming no usable brand. */
  public static ApiException unknown(String brandId) {
    return ApiException.invalid(
        "brand.unknown",
        "No brand with id " + brandId + " in this workspace",
        Map.of("field", "brand_id", "brand_id", brandId));
  }
}
