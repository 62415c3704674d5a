// Errors a user can act on: what file, what is wrong, what to do about it.
// Inside the core, failures are thrown as tinysim::Error; every public entry
// point a front-end calls catches them and hands back a Result, so the CLI and
// GUI never see an exception or an abort.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace tinysim {

class Error : public std::runtime_error {
 public:
  explicit Error(std::string message) : std::runtime_error(std::move(message)) {}
  // "FILE: PROBLEM (FIX)" on one line.
  Error(const std::string& file, const std::string& problem, const std::string& fix = {})
      : std::runtime_error(file.empty() ? problem + (fix.empty() ? "" : " (" + fix + ")")
                                        : file + ": " + problem + (fix.empty() ? "" : " (" + fix + ")")) {}
};

template <class T>
class Result {
 public:
  Result(T value) : v_(std::move(value)) {}                   // NOLINT: implicit by design
  Result(Error error) : v_(std::move(error)) {}               // NOLINT
  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() { return std::get<T>(v_); }
  const T& value() const { return std::get<T>(v_); }
  T& operator*() { return value(); }
  T* operator->() { return &value(); }
  const Error& error() const { return std::get<Error>(v_); }
  // Rethrows the error inside core code that prefers exceptions.
  T take() {
    if (!ok()) throw std::get<Error>(v_);
    return std::move(std::get<T>(v_));
  }

 private:
  std::variant<T, Error> v_;
};

// Runs fn() and turns a thrown Error (or any std::exception) into a Result.
template <class Fn>
auto capture(Fn&& fn) -> Result<decltype(fn())> {
  try {
    return fn();
  } catch (const Error& e) {
    return e;
  } catch (const std::bad_alloc&) {
    return Error("out of memory");
  } catch (const std::exception& e) {
    return Error(e.what());
  }
}

}  // namespace tinysim
