(function(){var e={{ event|safe }};e.dateTime=new Date().toISOString();
if(window.parent&&window.parent!==window){window.parent.postMessage(e,{{ target|safe }});}})();
