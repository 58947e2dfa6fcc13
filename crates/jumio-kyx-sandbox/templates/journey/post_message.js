(function(){var e={{ frame.event|safe }};e.dateTime=new Date().toISOString();
if(window.parent&&window.parent!==window){window.parent.postMessage(e,{{ frame.target|safe }});}})();
