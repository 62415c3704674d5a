// Runs a job on N worker threads while the calling thread polls (progress
// reports reach subscribers from the thread that called run_bench). Every
// way out of a worker (done, cancelled, failed, threw) counts it out, so the
// wait always ends: one place for the bookkeeping bench's two pools share.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace tinysim::report {

// work(t) runs on thread t (0..n-1) and returns when it is done or sees a
// cancel/failure flag of its own. poll() runs on this thread about every
// 20 ms until all workers have returned. Returns each worker's exception
// message ("" when it returned normally).
std::vector<std::string> run_polled_workers(int n, const std::function<void(int)>& work,
                                            const std::function<void()>& poll);

}  // namespace tinysim::report
