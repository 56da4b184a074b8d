use clap::Parser;
use grclint::cli::Cli;

fn main() {
    let cli = Cli::parse();
    let code = grclint::pipeline::main(cli);
    std::process::exit(code);
}
