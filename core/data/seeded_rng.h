// A random source whose sequence is fixed by its seed on every platform:
// std::mt19937_64 is specified bit-exactly by the standard, but the standard
// distributions are not, so uniform and normal draws are derived here.
#pragma once

#include <cmath>
#include <cstdint>
#include <random>

namespace tinysim {

class SeededRng {
 public:
  explicit SeededRng(uint64_t seed) : gen_(seed) {}
  // Mixes several integers into one seed (splitmix64 steps), so that e.g.
  // (split, subject, window) give unrelated streams.
  static uint64_t mix(uint64_t a, uint64_t b = 0, uint64_t c = 0) {
    uint64_t h = 0x9E3779B97F4A7C15ull;
    for (uint64_t v : {a, b, c}) {
      h ^= v + 0x9E3779B97F4A7C15ull + (h << 6) + (h >> 2);
      h = (h ^ (h >> 30)) * 0xBF58476D1CE4E5B9ull;
      h = (h ^ (h >> 27)) * 0x94D049BB133111EBull;
      h ^= h >> 31;
    }
    return h;
  }
  double uniform() { return static_cast<double>(gen_() >> 11) * 0x1.0p-53; }  // [0, 1)
  double uniform(double lo, double hi) { return lo + (hi - lo) * uniform(); }
  int integer(int lo, int hi_inclusive) {
    return lo + static_cast<int>(uniform() * (hi_inclusive - lo + 1));
  }
  bool chance(double p) { return uniform() < p; }
  double normal(double mean = 0.0, double sd = 1.0) {
    double u1 = uniform(), u2 = uniform();
    if (u1 < 1e-300) u1 = 1e-300;
    return mean + sd * std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * M_PI * u2);
  }
  uint64_t next() { return gen_(); }

 private:
  std::mt19937_64 gen_;
};

}  // namespace tinysim
