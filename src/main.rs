use clap::Parser;
use grclint::cli::Cli;

fn main() {
    let cli = Cli::parse();
    let code = grclint::commands::main(cli);
    std::process::exit(code);
}
