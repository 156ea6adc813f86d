fn main() -> std::process::ExitCode {
    jury::cli::main()
}
