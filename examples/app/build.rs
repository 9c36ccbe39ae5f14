fn main() {
    // New migration files must rebuild the application (edits are tracked by the macro's include_str!).
    println!("cargo:rerun-if-changed=../../migrations");
}
