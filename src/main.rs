fn main() {
    let cli = grclint::cli::parse();
    let code = grclint::commands::main(cli);
    std::process::exit(code);
}
