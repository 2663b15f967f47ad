/**
 * Output: JSON documents built with Jackson and written compact and ASCII-only, and the progress line on stderr.
 */
package io.archipelago.tool.output;
