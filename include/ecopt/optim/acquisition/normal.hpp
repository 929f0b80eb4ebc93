#pragma once
// The standard normal distribution in log space, for acquisition functions that must
// stay finite (and keep a gradient) far from the incumbent, where the plain values
// underflow to 0 (Ament, Daulton, Eriksson, Balandat & Bakshy 2023, "Unexpected
// improvements to expected improvement for Bayesian optimization", LogEI).

namespace ecopt::optim::acquisition {

[[nodiscard]] double normal_pdf(double z);
[[nodiscard]] double normal_cdf(double z);
/// log Phi(z), accurate for z far below 0 (no underflow down to z = -1e150).
[[nodiscard]] double log_normal_cdf(double z);
/// log h(z) with h(z) = z Phi(z) + phi(z), the integral of Phi from -inf to z. h(z) is
/// the expected improvement of a unit normal over threshold -z, and the building block
/// of closed-form EHVI.
[[nodiscard]] double log_h(double z);
/// log(1 - exp(x)) for x < 0, accurate near 0 and far below it (Maechler 2012).
[[nodiscard]] double log1mexp(double x);
/// log(exp(a) + exp(b)) without overflow.
[[nodiscard]] double log_add_exp(double a, double b);

}  // namespace ecopt::optim::acquisition
