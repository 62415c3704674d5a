#include "core/report/polled_workers.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <exception>
#include <thread>

namespace tinysim::report {

std::vector<std::string> run_polled_workers(int n, const std::function<void(int)>& work,
                                            const std::function<void()>& poll) {
  std::vector<std::string> errors(size_t(std::max(n, 0)));
  std::atomic<int> running{0};
  std::vector<std::thread> pool;
  pool.reserve(errors.size());
  for (int t = 0; t < n; ++t) {
    running.fetch_add(1);
    // Counted in before the thread exists and out by the thread on every
    // path, including an exception from work(); a thread that cannot be
    // started is counted out here.
    try {
      pool.emplace_back([&, t] {
        try {
          work(t);
        } catch (const std::exception& e) {
          errors[size_t(t)] = e.what()[0] ? e.what() : "unknown error";
        } catch (...) {
          errors[size_t(t)] = "unknown error";
        }
        running.fetch_sub(1);
      });
    } catch (const std::exception& e) {
      running.fetch_sub(1);
      errors[size_t(t)] = std::string("cannot start a worker thread: ") + e.what();
      break;
    }
  }
  while (running.load() > 0) {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    if (poll) poll();
  }
  for (std::thread& th : pool) th.join();
  return errors;
}

}  // namespace tinysim::report
