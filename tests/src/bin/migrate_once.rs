//! Migrates one database file with the demo schema and prints the report:
//! the child process of the race tests.

fn main() {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: migrate_once <database>");
        std::process::exit(2);
    };
    let mut conn = schemaguard_tests::open(std::path::Path::new(&path));
    match schemaguard_tests::DEMO.migrate(&mut conn) {
        Ok(report) => println!("{report}"),
        Err(e) => {
            eprintln!("{e}");
            std::process::exit(1);
        }
    }
}
