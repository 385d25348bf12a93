#!/bin/sh
# Lays out the image's own files under OUT, which Jib adds to `scratch` as one layer (the application's
# jars come as Jib's layers of their own): a Java runtime linked from this JDK with only the modules the
# service needs, the nats-server binary, busybox's wget for the health check, the shared libraries these
# load (found with ldd), the example configuration and the few files and directories a process expects.
#
# Usage: rootfs.sh OUT JAVA_HOME MODULES CONFIG_DIR    (MODULES: comma-separated, for jlink)
set -eu
out=$1 java_home=$2 modules=$3 config=$4

nats_server=$(command -v nats-server || echo /usr/sbin/nats-server)
busybox=$(command -v busybox || echo /bin/busybox)
for binary in "$nats_server" "$busybox"; do
  if [ ! -x "$binary" ]; then
    echo "rootfs.sh: $binary is missing: apt-get install -y nats-server busybox-static" >&2
    exit 1
  fi
done

rm -rf "$out"
mkdir -p "$out/usr/sbin" "$out/usr/bin" "$out/etc/presence" "$out/var/lib/presence" "$out/tmp"

# Uncompressed modules: Jib gzips the layer anyway, and classes load faster from an uncompressed image.
# java.desktop comes for java.beans: its window, font, sound and image-codec libraries need X11,
# FreeType, ALSA and more, and a headless server never loads them, so they stay out with what they need.
"$java_home/bin/jlink" --add-modules "$modules" --strip-debug --no-man-pages --no-header-files \
  --exclude-files='**/libawt_xawt.so,**/libjawt.so,**/libsplashscreen.so,**/libfontmanager.so,**/libjsound.so,**/liblcms.so,**/libjavajpeg.so' \
  --output "$out/opt/java"
cp "$nats_server" "$out/usr/sbin/nats-server"
# Named wget, busybox runs only its wget applet: the compose file's health check needs an HTTP client.
cp "$busybox" "$out/usr/bin/wget"

# The C library, the dynamic loader and the rest that the JVM, its native libraries and nats-server link
# (ldd lists them by their paths on this machine, which become their paths in the image).
runtime="$out/opt/java"
for file in "$runtime/bin/java" $(find "$runtime/lib" -name '*.so') "$out/usr/sbin/nats-server"; do
  ldd "$file" 2>/dev/null || true
done | awk -v runtime="$runtime/" '
    $2 == "=>" && $3 ~ /^\// && index($3, runtime) != 1 { print $3 }
    $1 ~ /^\// { print $1 }' | sort -u |
  while read -r library; do
    cp -L --parents "$library" "$out"
  done

cp "$config/center.yml" "$out/etc/presence/presence.yml"
cp "$config/leaf.yml" "$out/etc/presence/leaf.yml"
cp "$config/jvm.options" "$out/etc/presence/jvm.options"

# Names for the ids (getpwuid gives the JVM its user.name and user.home): root, and the node's user,
# whose group is 0 so that any user id a platform assigns (OpenShift) may use the group's rights too.
printf 'root:x:0:0:root:/root:/sbin/nologin\npresence:x:10001:0:Presence node:/var/lib/presence:/sbin/nologin\n' \
  > "$out/etc/passwd"
printf 'root:x:0:\n' > "$out/etc/group"
