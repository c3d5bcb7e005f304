#if canImport(Glibc)
import Glibc
#endif

/// libFuzzer's driver, from libclang_rt.fuzzer_no_main (Swift's -sanitize=fuzzer would bring
/// libFuzzer's own main, which SwiftPM's executable linking does not allow).
@_silgen_name("LLVMFuzzerRunDriver")
func runFuzzerDriver(
    _ argc: UnsafeMutablePointer<Int32>,
    _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>>,
    _ callback: @convention(c) (UnsafePointer<UInt8>?, Int) -> Int32
) -> Int32

// The TLS certificate is made before the first input, not timed as part of it.
_ = TLSDoorFuzz.material
var argumentCount = CommandLine.argc
var arguments = CommandLine.unsafeArgv
exit(runFuzzerDriver(&argumentCount, &arguments, { fuzzOne($0, $1) }))
